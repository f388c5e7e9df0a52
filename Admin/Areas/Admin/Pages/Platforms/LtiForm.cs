using System.ComponentModel.DataAnnotations;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>A platform's <c>lti</c> block (contract §8) as the LTI page edits it: deployments one per line, roles as ordered rows.</summary>
public sealed class LtiForm : IVersionedForm
{
    /// <summary>Blank rows kept below the mappings, so that one can be added without script.</summary>
    public const int BlankRoleRows = 2;

    [Display(Name = "Launches by LTI 1.3")] public bool Enabled { get; set; }
    public string? ClientId { get; set; }
    public string? DeploymentIds { get; set; }
    [Display(Name = "Authorization URL")] public string? AuthorizationUrl { get; set; }
    [Display(Name = "Role → profile mappings")] public List<LtiRoleRow> RoleProfiles { get; set; } = [];

    /// <summary>The platform's row version: the lti block lives on the platform row.</summary>
    public string? RowVersion { get; set; }

    public IReadOnlyList<string> DeploymentLines() =>
        (DeploymentIds ?? "").Split('\n').Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The mappings in the order they are tried; blank rows dropped.</summary>
    public IReadOnlyList<LtiRoleProfile> RoleMappings() =>
        RoleProfiles.Where(r => !r.IsBlank).Select(r => new LtiRoleProfile(r.Role!.Trim(), r.ProfileId!.Trim())).ToArray();

    public static LtiForm From(StoredPlatform platform) => new()
    {
        Enabled = platform.LtiClientId is not null,
        ClientId = platform.LtiClientId,
        DeploymentIds = string.Join("\n", platform.LtiDeploymentIds),
        AuthorizationUrl = platform.LtiAuthorizationUrl,
        RoleProfiles = platform.LtiRoleProfiles.OrderBy(r => r.Position)
            .Select(r => new LtiRoleRow { Role = r.Role, ProfileId = r.ProfileId }).ToList(),
        RowVersion = platform.Text(),
    };

    public void PadRoleRows()
    {
        while (RoleProfiles.Count(r => r.IsBlank) < BlankRoleRows) RoleProfiles.Add(new LtiRoleRow());
    }
}
