using System.Text.Json.Serialization;

namespace ChatWidget.Host.Sessions;

/// <summary>The successful answer of <c>POST /api/token</c> (RFC 8693 §2.2.1).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn)
{
    [JsonPropertyName("issued_token_type")]
    public string IssuedTokenType => TokenGrantTypes.AccessTokenType;

    [JsonPropertyName("token_type")]
    public string TokenType => "Bearer";
}
