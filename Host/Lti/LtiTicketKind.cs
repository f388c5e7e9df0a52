namespace ChatWidget.Host.Lti;

/// <summary>The two one-time values of an LTI launch.</summary>
public enum LtiTicketKind
{
    /// <summary>The OIDC login's <c>state</c>, with its nonce and browser binding: from <c>/lti/login</c> to <c>/lti/launch</c>.</summary>
    LoginState,

    /// <summary>A verified launch waiting for its chat page to open the session: from <c>/lti/launch</c> to <c>/api/token</c>.</summary>
    LaunchCode,
}
