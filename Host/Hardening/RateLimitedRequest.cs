using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Hardening;

/// <summary>Which rate limits a request falls under, and the keys it is counted by.</summary>
internal static class RateLimitedRequest
{
    public const string TokenPath = "/api/token";
    public const string ChatPath = "/v1/chat/completions";

    public static bool IsToken(HttpContext http) => IsPost(http, TokenPath);

    /// <summary>An LTI login creates a pending state: counted per client address like token requests, so a flood cannot fill the store.</summary>
    public static bool IsLtiLogin(HttpContext http) =>
        http.Request.Path.Value is { } value && value.TrimEnd('/').Equals(Admin.Configuration.LtiToolPaths.Login, StringComparison.OrdinalIgnoreCase);

    public static bool IsChat(HttpContext http) => IsPost(http, ChatPath);

    /// <summary>The client's address as Kestrel (or the forwarded-headers middleware) sees it.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A claim of the access token, present only when authentication succeeded.</summary>
    public static string? Claim(HttpContext http, string type) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(type)?.Value : null;

    public static string? SessionId(HttpContext http) => Claim(http, AccessTokenClaims.SessionId);

    public static string Platform(HttpContext http) => Claim(http, AccessTokenClaims.Platform) ?? "";

    public static string Profile(HttpContext http) => Claim(http, AccessTokenClaims.Profile) ?? "";

    private static bool IsPost(HttpContext http, string path) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.Request.Path.Value is { } value
        && value.TrimEnd('/').Equals(path, StringComparison.OrdinalIgnoreCase);
}
