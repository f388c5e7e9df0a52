using System.Text.Json;
using ChatWidget.Host.Chat;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Hardening;

public static class RequestHygieneExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>The category of ASP.NET Core's per-request log lines (see <see cref="AddRequestHygiene"/>).</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Kestrel limits, CORS for registered platform origins, and the health checks.</summary>
    public static IHostApplicationBuilder AddRequestHygiene(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>, IOptions<ChatEndpointOptions>>((kestrel, limits, chat) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(limits.Value.MaxRequestBodyBytes, chat.Value.MaxRequestBytes);
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.Value.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.Value.MaxRequestLineBytes;
        });

        // ASP.NET Core's "Request starting/finished" lines carry the query string, where LTI platforms put their user ids
        // (login_hint, lti_message_hint) and dynamic registration its token: they are never written, whatever the level.
        // RequestLog writes one line per request without the query instead.
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.None);

        builder.Services.AddCors();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, PlatformOriginCorsPolicyProvider>());

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<UpstreamCircuitHealthCheck>("upstreams", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Security headers on every response, then CORS (which answers preflights before authentication).</summary>
    public static IApplicationBuilder UseRequestHygiene(this IApplicationBuilder app) =>
        app.UseSecurityHeaders().UseCors(PlatformOriginCorsPolicyProvider.PolicyName);

    /// <summary><c>/healthz</c>: the process serves requests. <c>/readyz</c>: the database answers; upstream circuits reported.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).DisableHttpMetrics();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
