using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.RequestHygiene;

public static class RequestHygieneExtensions
{
    /// <summary>The category of ASP.NET Core's per-request log lines (see <see cref="AddRequestHygiene"/>).</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Kestrel limits, the request log's privacy filter, and CORS for registered platform origins.</summary>
    public static IHostApplicationBuilder AddRequestHygiene(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>>((kestrel, limits) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
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
        return builder;
    }

    /// <summary>Security headers on every response, then CORS (which answers preflights before authentication).</summary>
    public static IApplicationBuilder UseRequestHygiene(this IApplicationBuilder app) =>
        app.UseSecurityHeaders().UseCors(PlatformOriginCorsPolicyProvider.PolicyName);
}
