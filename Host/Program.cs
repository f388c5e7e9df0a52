using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Cli;
using ChatWidget.Host.Embedding;
using ChatWidget.Host.Dashboard;
using ChatWidget.Host.Hardening;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Lti;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;

var builder = WebApplication.CreateBuilder(args);

// Configuration: models, profiles, platforms and team access, stored by Admin and read live by Host.
builder.AddConfigurationStore();

// Shared state: with ConnectionStrings:Redis, replay store, rate limits, budgets and change notifications across instances.
builder.AddSharedState();

// Sessions: platform launch tokens exchanged for Host's short-lived access tokens.
builder.AddSessions();

// LTI 1.3: learning platforms launch the chat as a tool (OIDC login, id_token launch, tool keys, dynamic registration).
builder.AddLti();

// LLM: IChatClient per model (official OpenAI SDK, Betalgo.Ranul.OpenAI, or the offline responder).
builder.AddLlmClients();

// Chat: the stateless OpenAI-compatible completion endpoint.
builder.AddChat();

// Embedding: widget.js, the frame page with its CSP, and (in Development) the demo partner page.
builder.AddEmbedding();

// Admin: the dashboard at /admin (Identity sign-in, profiles, models, platforms, team access, audit log).
builder.AddAdmin();

// Rate limits: token buckets per session, learner, platform and client IP, and open streams per session.
builder.AddRateLimits();

// Cost budgets: input/output token ceilings per profile, tokens per session (sliding window) and per platform (UTC day).
builder.AddCostBudgets();

// Upstream resilience: header timeout, retries before the first byte, circuit breaker per upstream; shutdown drain time.
builder.AddUpstreamResilience();

// Request hygiene: Kestrel limits, CORS for registered platform origins only, health checks.
builder.AddRequestHygiene();

// API documentation: OpenAPI document at /openapi/v1.json and a readable reference at /api/reference.
builder.AddApiDocumentation();

// Observability: OpenTelemetry traces and metrics (OTLP via OTEL_*, Prometheus /metrics if enabled), the usage store.
builder.AddObservability();

var app = builder.Build();
try
{
    await app.PrepareConfigurationStoreAsync();
}
catch (ConfigurationDatabaseUnavailableException e)
{
    // PostgreSQL is down or misconfigured: one line naming the setting (never its password), not a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

// Operator commands (e.g. `signing-key rotate`) run and exit instead of serving.
if (HostCommands.IsCommand(args)) return await HostCommands.RunAsync(app, args);

// Request hygiene: security headers on every response, CORS preflights answered before authentication.
app.UseRequestHygiene();
app.UseAuthentication();
// Rate limits: after authentication (sessions are counted by their claims), before authorization.
app.UseRateLimits();
app.UseAuthorization();

app.MapTokenExchange();
app.MapLti();
app.MapChat();
app.MapEmbedding();
app.MapAdmin();

// Health: /healthz (live) and /readyz (database, upstream circuits).
app.MapHealthEndpoints();
// API documentation: /openapi/v1.json and /api/reference.
app.MapApiDocumentation();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
