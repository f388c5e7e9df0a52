using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.RateLimits;

/// <summary>The keys a rate-limited request is counted by.</summary>
internal static class RateLimitedRequest
{
    /// <summary>The client's address as Kestrel (or the forwarded-headers middleware) sees it.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A claim of the access token, present only when authentication succeeded.</summary>
    public static string? Claim(HttpContext http, string type) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(type)?.Value : null;

    public static string? SessionId(HttpContext http) => Claim(http, AccessTokenClaims.SessionId);

    public static string Platform(HttpContext http) => Claim(http, AccessTokenClaims.Platform) ?? "";

    public static string Profile(HttpContext http) => Claim(http, AccessTokenClaims.Profile) ?? "";
}
