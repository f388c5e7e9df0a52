using System.Text.RegularExpressions;
using FluentValidation;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>
/// The rules of the seed file's <c>lti</c> block, as the dashboard words them. Rules that need the platform (its
/// profiles, its keys, the other platforms' client ids) are checked by the page.
/// </summary>
public sealed partial class LtiFormValidator : AbstractValidator<LtiForm>
{
    public const int MaxIdLength = 255;
    public const int MaxRoleLength = 500;
    public const int MaxRoleMappings = 50;

    public LtiFormValidator()
    {
        When(x => x.Enabled, () =>
        {
            RuleFor(x => x.ClientId).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the client id the platform gave ChatWidget when the tool was registered.")
                .Must(c => c!.Trim().Length <= MaxIdLength).WithMessage($"A client id has at most {MaxIdLength} characters.")
                .Must(c => !c!.Trim().Any(char.IsWhiteSpace)).WithMessage("A client id has no spaces or line breaks: copy it exactly as the platform shows it.");
            RuleFor(x => x.DeploymentIds).Cascade(CascadeMode.Stop)
                .Must((form, _) => form.DeploymentLines().Count > 0)
                .WithMessage("List at least one deployment id, one per line (the platform shows it beside the tool's client id).")
                .Must((form, _) => form.DeploymentLines().All(d => d.Length <= MaxIdLength))
                .WithMessage($"Each deployment id has at most {MaxIdLength} characters.");
            RuleFor(x => x.AuthorizationUrl).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the platform's OIDC authorization URL (Moodle: …/mod/lti/auth.php).")
                .Must(url => IsHttpsUnlessLoopback(url!.Trim()))
                .WithMessage("Use an absolute https URL (http only on loopback).");
            RuleFor(x => x.RoleProfiles).Must(rows => rows.Count(r => !r.IsBlank) <= MaxRoleMappings)
                .WithMessage($"At most {MaxRoleMappings} role mappings.");
            RuleForEach(x => x.RoleProfiles).ChildRules(row =>
            {
                row.RuleFor(r => r.Role).Cascade(CascadeMode.Stop)
                    .NotEmpty().WithMessage("Enter the LTI role, or choose no profile to remove this mapping.")
                    .Must(r => r!.Trim().Length <= MaxRoleLength).WithMessage($"A role has at most {MaxRoleLength} characters.")
                    .Must(r => IsRole(r!.Trim()))
                    .WithMessage("Use a full LTI role URI (http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor) or a short name such as Instructor or Learner.")
                    .When(r => !r.IsBlank);
                row.RuleFor(r => r.ProfileId).NotEmpty().WithMessage("Choose the profile this role gets, or clear the role.")
                    .When(r => !r.IsBlank);
            });
            RuleFor(x => x.RoleProfiles).Custom((rows, context) =>
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i].IsBlank || string.IsNullOrWhiteSpace(rows[i].Role)) continue;
                    if (!seen.Add(rows[i].Role!.Trim()))
                        context.AddFailure($"RoleProfiles[{i}].Role", "This role is already mapped above; only the first mapping of a role is used.");
                }
            });
        });
    }

    /// <summary>A role a launch can carry: an absolute URI (LIS vocabulary, or LTI 1.1's urn:lti:role:…), or the short name after '#'.</summary>
    public static bool IsRole(string role) =>
        ShortRoleName().IsMatch(role)
        || (!role.Any(char.IsWhiteSpace) && Uri.TryCreate(role, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https" or "urn");

    public static bool IsHttpsUnlessLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ShortRoleName();
}
