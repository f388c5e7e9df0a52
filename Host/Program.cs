using ChatWidget.Admin.Configuration;
using ChatWidget.Host.ApiDocs;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Cli;
using ChatWidget.Host.Dashboard;
using ChatWidget.Host.Embedding;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Health;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Knowledge.Semantic;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Lti;
using ChatWidget.Host.Observability;
using ChatWidget.Host.RateLimits;
using ChatWidget.Host.RequestHygiene;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Sessions.Endpoint;
using ChatWidget.Host.SharedState;
using ChatWidget.Host.Startup;
using ChatWidget.Host.Upstreams;

// Start-up problems only the operator can fix (a bad setting, an invalid seed file, an unusable database) end the
// process with the problems, each naming its setting or JSON path, and exit code 1 instead of a stack trace.
StartupProblems.ExitOnStartupProblem();

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

// Course knowledge: each turn's excerpts of the profile's knowledge bases and entries, in memory only.
builder.AddCourseKnowledge();

// Semantic ranking: for profiles with an embedding model, chunks ranked by vector similarity too, embedded in the background.
builder.AddSemanticKnowledgeRanking();

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

// Request hygiene: Kestrel limits, no query strings in request logs, CORS for registered platform origins only.
builder.AddRequestHygiene();

// Health: readiness checks of the configuration database and the upstream circuits.
builder.AddHealthProbes();

// API documentation: OpenAPI document at /openapi/v1.json and a readable reference at /api/reference.
builder.AddApiDocumentation();

// Errors: an unhandled exception answers 500 in its surface's own error shape, logged without request content.
builder.AddErrorHandling();

// Observability: OpenTelemetry traces and metrics (OTLP via OTEL_*, Prometheus /metrics if enabled), the usage store.
builder.AddObservability();

var app = builder.Build();
await app.PrepareConfigurationStoreAsync();

// Operator commands (e.g. `signing-key rotate`) run and exit instead of serving.
if (HostCommands.IsCommand(args)) return await HostCommands.RunAsync(app, args);

// Start-up checks: every setting at once, before anything reads one.
app.ValidateOptions();

// Request hygiene: the request log, unhandled errors answered (inside the log, so it records the 500),
// security headers on every response, CORS preflights answered before authentication.
app.UseRequestLog();
app.UseErrorHandling();
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
