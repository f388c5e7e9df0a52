namespace ChatWidget.Admin.Configuration;

/// <summary>
/// How a platform launches ChatWidget as an LTI 1.3 tool (contract §8): the client id the platform gave the tool, the
/// deployments allowed to launch, and the platform's OIDC authorization endpoint. The id_token's keys, issuer and
/// lifetime rules are the platform's own (<see cref="PlatformSettings"/>).
/// </summary>
/// <param name="RoleProfiles">LTI role → profile, tried in order; the first role the launch carries decides.</param>
public sealed record LtiRegistration(
    string ClientId,
    IReadOnlyList<string> DeploymentIds,
    Uri AuthorizationUrl,
    IReadOnlyList<LtiRoleProfile> RoleProfiles)
{
    /// <summary>The profile the first mapped role of a launch names, or null when none of its roles is mapped.</summary>
    public string? ProfileForRoles(IReadOnlyCollection<string> launchRoles) =>
        RoleProfiles.FirstOrDefault(mapping => launchRoles.Any(mapping.Matches))?.ProfileId;
}
