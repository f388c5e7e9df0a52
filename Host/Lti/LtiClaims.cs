namespace ChatWidget.Host.Lti;

/// <summary>Claim names of an LTI 1.3 resource link launch (LTI Core 1.3 §5).</summary>
internal static class LtiClaims
{
    private const string Prefix = "https://purl.imsglobal.org/spec/lti/claim/";

    public const string MessageType = Prefix + "message_type";
    public const string Version = Prefix + "version";
    public const string DeploymentId = Prefix + "deployment_id";
    public const string TargetLinkUri = Prefix + "target_link_uri";
    public const string Roles = Prefix + "roles";
    public const string Custom = Prefix + "custom";
    public const string LaunchPresentation = Prefix + "launch_presentation";

    public const string ResourceLinkRequest = "LtiResourceLinkRequest";
    public const string Version13 = "1.3.0";
}
