using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ChatWidget.Host.Hardening;

/// <summary>The form of <c>POST /api/token</c>, for the API document only (the endpoint reads the form itself).</summary>
[Description("Form fields of the token endpoint. Launch: grant_type token-exchange with subject_token_type jwt. Refresh: token-exchange with " +
             "subject_token_type access_token. Team: grant_type urn:chatwidget:params:oauth:grant-type:team-password with password.")]
public sealed record TokenForm
{
    [JsonPropertyName("grant_type"), Description("urn:ietf:params:oauth:grant-type:token-exchange, or urn:chatwidget:params:oauth:grant-type:team-password")]
    public required string GrantType { get; init; }

    [JsonPropertyName("subject_token"), Description("Token exchange: the platform's launch token (launch) or the current access token (refresh); at most 8 KiB")]
    public string? SubjectToken { get; init; }

    [JsonPropertyName("subject_token_type"), Description("urn:ietf:params:oauth:token-type:jwt (launch) or urn:ietf:params:oauth:token-type:access_token (refresh)")]
    public string? SubjectTokenType { get; init; }

    [JsonPropertyName("platform"), Description("Token exchange: the platform id")]
    public string? Platform { get; init; }

    [JsonPropertyName("origin"), Description("The embedding page's origin; required for token exchange, optional for the team grant (then Host's own origin)")]
    public string? Origin { get; init; }

    [JsonPropertyName("profile"), Description("Launch: optional profile id, used when the launch token has no profile claim")]
    public string? Profile { get; init; }

    [JsonPropertyName("password"), Description("Team grant: the team password")]
    public string? Password { get; init; }
}
