using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>
/// LTI Dynamic Registration links: create one (its link is shown once, in the answer to the creating POST, and never
/// again), see which are open, used (and by which platform) or expired, and revoke one that is not used.
/// </summary>
public sealed class RegistrationsModel(LtiRegistrationInvites invites) : AdminPageModel
{
    public IReadOnlyList<LtiInvite> Invites { get; private set; } = [];

    /// <summary>Set only in the answer to the POST that created it.</summary>
    public string? CreatedLink { get; private set; }

    public DateTimeOffset? CreatedExpiresAt { get; private set; }

    public string HostOrigin => $"{Request.Scheme}://{Request.Host}";

    public static TimeSpan Lifetime => LtiRegistrationInvites.Lifetime;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Invites = await invites.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await invites.CreateAsync(Actor, cancellationToken);
        // Rendered, not redirected: a redirect would have to carry the secret through TempData or the URL.
        CreatedLink = created.LinkFor(HostOrigin);
        CreatedExpiresAt = created.Invite.ExpiresAt;
        Invites = await invites.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!await invites.RevokeAsync(id, Actor, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, "That link is already used or gone.");
            Invites = await invites.ListAsync(cancellationToken);
            return Page();
        }

        return Done("The registration link is revoked: a platform opening it now gets \"not valid\".", "Registrations");
    }

    public static string StatusText(LtiInvite invite) => invite.Status switch
    {
        LtiInviteStatus.Open => "open",
        LtiInviteStatus.Registering => "registering now",
        LtiInviteStatus.Used => "used",
        LtiInviteStatus.Expired => "expired",
        _ => invite.Status.ToString(),
    };
}
