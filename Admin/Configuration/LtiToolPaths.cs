namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Where Host serves the LTI 1.3 tool (contract §8). The dashboard shows these, joined to Host's origin, as the URLs a
/// platform administrator pastes into the tool registration.
/// </summary>
public static class LtiToolPaths
{
    /// <summary>OIDC third-party initiated login (the platform's "initiate login URL").</summary>
    public const string Login = "/lti/login";

    /// <summary>The redirect URI, which is also the target link URI of the launch.</summary>
    public const string Launch = "/lti/launch";

    /// <summary>The tool's public keys.</summary>
    public const string Jwks = "/lti/jwks";

    /// <summary>LTI Dynamic Registration: the one-time link an administrator creates, with <c>?invite=SECRET</c>.</summary>
    public const string Register = "/lti/register";

    /// <summary>The custom parameter that picks a profile: <c>profile=PROFILE_ID</c>.</summary>
    public const string ProfileParameter = "profile";
}
