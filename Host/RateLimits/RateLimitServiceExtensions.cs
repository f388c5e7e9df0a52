using ChatWidget.Host.SharedState;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.RateLimits;

public static class RateLimitServiceExtensions
{
    /// <summary>Rate limits of the token, LTI login and chat endpoints (<see cref="RateLimitOptions"/>, validated at start).</summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddSingleton<RequestRateLimiters>();
        // With shared state (Redis) every instance counts together; without it, this process's limiters count alone.
        if (builder.Services.UsesSharedRedis()) builder.Services.TryAddSingleton<IRequestRateLimiters, RedisRequestRateLimiters>();
        builder.Services.TryAddSingleton<IRequestRateLimiters>(provider => provider.GetRequiredService<RequestRateLimiters>());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IRequestRateLimiters, IHttpContextAccessor>((limiter, limiters, requests) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            RateLimitPolicies.Add(limiter, limiters, requests);
        });
        return builder;
    }

    /// <summary>Applies the endpoints' policies; after authentication (sessions are counted by their claims), before
    /// authorization (so requests with bad tokens are counted by address too).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
            app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The token endpoint's per-platform bucket; null when the request may go on. The platform is a field of the form,
    /// which only the endpoint reads (with its own size limits), so this bucket is taken there rather than by the policy.
    /// </summary>
    public static async ValueTask<IResult?> RejectTokenRequestAsync(this HttpContext http, string? platform)
    {
        var services = http.RequestServices;
        if (!services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled) return null;
        using var lease = await services.GetRequiredService<IRequestRateLimiters>().AcquireTokenRequestAsync(platform, http.RequestAborted);
        return lease.IsAcquired ? null : RateLimitRejection.Result(http, lease, RateLimitPolicies.TokenRefusal);
    }
}
