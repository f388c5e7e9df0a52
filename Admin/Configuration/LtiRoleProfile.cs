namespace ChatWidget.Admin.Configuration;

/// <summary>
/// One role mapping of an LTI platform. <see cref="Role"/> is a full role URI
/// (<c>http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor</c>) or its short name (<c>Instructor</c>), which
/// matches that name in every LIS vocabulary (membership, institution, system) and the bare LTI 1.1 form.
/// </summary>
public sealed record LtiRoleProfile(string Role, string ProfileId)
{
    public bool Matches(string launchRole)
    {
        if (string.Equals(launchRole, Role, StringComparison.Ordinal)) return true;
        if (Role.Contains('#') || Role.Contains(':')) return false;
        var hash = launchRole.LastIndexOf('#');
        return hash >= 0 && launchRole.StartsWith("http://purl.imsglobal.org/vocab/lis/v2/", StringComparison.Ordinal)
                         && string.Equals(launchRole[(hash + 1)..], Role, StringComparison.Ordinal);
    }
}
