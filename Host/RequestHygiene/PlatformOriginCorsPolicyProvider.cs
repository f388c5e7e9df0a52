using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.RequestHygiene;

/// <summary>
/// CORS for browsers calling <c>/api/token</c>, <c>/api/profile</c> and <c>/v1/*</c> from a page of a registered platform:
/// the request's origin must be an allowed origin of an enabled platform <em>now</em> (read from the live configuration,
/// so removing an origin or disabling a platform applies at once). No credentials: the API uses bearer tokens, not cookies.
/// Every other path falls through to the ordinary (named-policy) provider.
/// </summary>
public sealed class PlatformOriginCorsPolicyProvider(ILiveConfiguration configuration, IOptions<CorsOptions> options) : ICorsPolicyProvider
{
    public const string PolicyName = "ChatWidget.PlatformOrigins";

    private readonly DefaultCorsPolicyProvider _fallback = new(options);

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != PolicyName) return await _fallback.GetPolicyAsync(context, policyName);
        if (!IsApi(context.Request.Path)) return null;

        var origin = context.Request.Headers.Origin.ToString();
        var policy = new CorsPolicyBuilder()
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type")
            .WithExposedHeaders("Retry-After", "WWW-Authenticate", "X-ChatWidget-Fallback")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        if (origin.Length > 0 && await IsRegisteredAsync(origin, context.RequestAborted))
            policy.WithOrigins(origin);
        return policy.Build();
    }

    private async Task<bool> IsRegisteredAsync(string origin, CancellationToken cancellationToken)
    {
        var snapshot = await configuration.CurrentAsync(cancellationToken);
        // Exact string comparison: origins are stored as browsers send them, so a lookalike such as
        // https://lms.example.edu.evil.test or a different port never matches.
        return snapshot.Platforms.Values.Any(p => p.Enabled && p.AllowedOrigins.Contains(origin, StringComparer.Ordinal));
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/api/token", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/api/profile", StringComparison.OrdinalIgnoreCase);
}
