using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ChatWidget.Host.Sessions.Endpoint;

/// <summary>The form of <c>POST /api/token</c>, for the API document only (the endpoint reads the form itself).</summary>
[Description("Form fields of the token endpoint. Launch: grant_type token-exchange with subject_token_type jwt. Refresh: token-exchange with " +
             "subject_token_type access_token. LTI: token-exchange with subject_token_type urn:chatwidget:params:oauth:token-type:lti-launch. " +
             "Team: grant_type urn:chatwidget:params:oauth:grant-type:team-password with password.")]
public sealed record TokenForm
{
    [JsonPropertyName("grant_type"), Description("urn:ietf:params:oauth:grant-type:token-exchange, or urn:chatwidget:params:oauth:grant-type:team-password")]
    public required string GrantType { get; init; }

    [JsonPropertyName("subject_token"), Description("Token exchange: the platform's launch token (launch), the current access token (refresh), or the LTI chat page's one-time launch code; at most 8 KiB")]
    public string? SubjectToken { get; init; }

    [JsonPropertyName("subject_token_type"), Description("urn:ietf:params:oauth:token-type:jwt (launch), urn:ietf:params:oauth:token-type:access_token (refresh) or urn:chatwidget:params:oauth:token-type:lti-launch (LTI launch code)")]
    public string? SubjectTokenType { get; init; }

    [JsonPropertyName("platform"), Description("Token exchange: the platform id")]
    public string? Platform { get; init; }

    [JsonPropertyName("origin"), Description("The embedding page's origin; required for token exchange, optional for the team grant (then Host's own origin)")]
    public string? Origin { get; init; }

    [JsonPropertyName("profile"), Description("Launch: optional profile id, used when the launch token has no profile claim")]
    public string? Profile { get; init; }

    [JsonPropertyName("password"), Description("Team grant: the team password")]
    public string? Password { get; init; }

    [JsonPropertyName("lti_storage_value"), Description("LTI launch code: the value the chat page read back from the platform's storage, when the launch was bound that way instead of by cookie")]
    public string? LtiStorageValue { get; init; }
}
