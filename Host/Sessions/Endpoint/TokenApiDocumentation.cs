using ChatWidget.Host.ApiDocs;
using ChatWidget.Host.Errors;

namespace ChatWidget.Host.Sessions.Endpoint;

/// <summary>How <c>POST /api/token</c> appears in the API document (<see cref="ApiDocumentation"/>).</summary>
public static class TokenApiDocumentation
{
    /// <summary>Documents <c>POST /api/token</c>.</summary>
    public static RouteHandlerBuilder DocumentTokenExchange(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new ApiDocumentation.PublicApiMarker(RequiresBearer: false, typeof(TokenForm), "application/x-www-form-urlencoded"))
        .WithTags("Tokens")
        .WithSummary("Exchange a launch token, refresh an access token, or sign in with the team password")
        .WithDescription("""
            Form-encoded (RFC 8693 shape). Four grants:
            - **Launch**: `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, `subject_token=<launch token>`,
              `subject_token_type=urn:ietf:params:oauth:token-type:jwt`, `platform`, `origin`, optional `profile`.
            - **Refresh**: the same grant with `subject_token=<access token>` and
              `subject_token_type=urn:ietf:params:oauth:token-type:access_token`, `platform`, `origin`.
            - **LTI launch code**: the same grant with `subject_token=<code>` from the chat page of a verified LTI launch,
              `subject_token_type=urn:chatwidget:params:oauth:token-type:lti-launch`, `platform`, `origin` (Host's own), and
              `lti_storage_value` when the launch was bound through the platform's storage. Each code works once, for 60 s.
            - **Team**: `grant_type=urn:chatwidget:params:oauth:grant-type:team-password`, `password`, optional `origin`.
            Errors are OAuth's `{"error", "error_description"}`; the description is generic, the reason is in the server log.
            With several instances, a launch while Redis is unreachable gets `503` `temporarily_unavailable` with `Retry-After`.
            """)
        .Produces<TokenResponse>(StatusCodes.Status200OK)
        .Produces<TokenError>(StatusCodes.Status400BadRequest)
        .Produces<TokenError>(StatusCodes.Status403Forbidden)
        .Produces<TokenError>(StatusCodes.Status429TooManyRequests)
        .Produces<TokenError>(StatusCodes.Status503ServiceUnavailable);
}
