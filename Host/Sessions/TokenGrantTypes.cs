namespace ChatWidget.Host.Sessions;

/// <summary>The grant and token type URIs that <c>POST /api/token</c> understands (RFC 8693 plus the team grant).</summary>
public static class TokenGrantTypes
{
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>Team members trade the team password for an access token: <c>password=...</c>.</summary>
    public const string TeamPassword = "urn:chatwidget:params:oauth:grant-type:team-password";

    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
}
