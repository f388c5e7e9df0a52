using System.Text.Json.Serialization;

namespace ChatWidget.Host.Errors;

/// <summary>An OAuth error (RFC 6749 §5.2). The description is deliberately generic; the precise reason is logged.</summary>
public sealed record TokenError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description)
{
    public static TokenError InvalidRequest(string description) => new("invalid_request", description);

    public static TokenError InvalidGrant { get; } = new("invalid_grant", "The presented token or password was not accepted. Start a new session.");

    public static TokenError UnsupportedGrantType { get; } = new("unsupported_grant_type", "Use the token-exchange grant or the team-password grant.");

    public static TokenError OriginNotAllowed { get; } = new("invalid_request", "This origin may not use this platform's sessions.");

    public static TokenError ServerError { get; } = new("server_error", "The server had an error while starting the session. Try again in a moment.");

    public static TokenError TemporarilyUnavailable { get; } = new("temporarily_unavailable", "Sessions cannot be started right now. Try again shortly.");
}
