using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Hardening;

public static partial class RateLimitServiceExtensions
{
    /// <summary>Rate limits of the token and chat endpoints (<see cref="RateLimitOptions"/>, validated at start).</summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddSingleton<RequestRateLimiters>();
        // Shared state (Redis) registers its own limiters first; without it, this process's limiters count alone.
        builder.Services.TryAddSingleton<IRequestRateLimiters>(provider => provider.GetRequiredService<RequestRateLimiters>());
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IRequestRateLimiters>((limiter, limiters) =>
        {
            limiter.GlobalLimiter = limiters.Global;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                LogRejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection)), http.Request.Path);
                await RateLimitRejection.Result(http, context.Lease).ExecuteAsync(http);
            };
        });
        return builder;
    }

    /// <summary>Applies the limits; after authentication (sessions are counted by their claims), before authorization
    /// (so requests with bad tokens are counted by address too).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
            app.UseRateLimiter();
        return app;
    }

    /// <summary>The token endpoint's per-platform bucket; null when the request may go on.</summary>
    public static async ValueTask<IResult?> RejectTokenRequestAsync(this HttpContext http, string? platform)
    {
        var services = http.RequestServices;
        if (!services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled) return null;
        using var lease = await services.GetRequiredService<IRequestRateLimiters>().AcquireTokenRequestAsync(platform, http.RequestAborted);
        if (lease.IsAcquired) return null;
        LogRejected(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection)), http.Request.Path);
        return RateLimitRejection.Result(http, lease);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request to {Path} refused: rate limited")]
    private static partial void LogRejected(ILogger logger, string path);
}
