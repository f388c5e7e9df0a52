using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>
/// A platform's LTI 1.3 registration (contract §8): the lti block, and what the platform's administrator pastes into
/// the tool registration. Saving bumps no generation: a new client id or deployment list changes who may launch next,
/// not the sessions already open (disabling the platform is what ends those).
/// </summary>
public sealed class LtiModel(IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    [BindProperty] public LtiForm Input { get; set; } = new();
    public StoredPlatform Platform { get; private set; } = null!;
    public IReadOnlyList<LtiPrerequisite> Prerequisites { get; private set; } = [];

    /// <summary>Profiles a role may be mapped to: the platform's allowed ones and its default.</summary>
    public IReadOnlyList<string> ProfileChoices { get; private set; } = [];

    /// <summary>True after a row was moved: the order shown is not saved yet.</summary>
    public bool OrderChanged { get; private set; }

    /// <summary>The origin this dashboard request came in on: the same Host serves the LTI endpoints.</summary>
    public string HostOrigin => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
    public string LoginUrl => HostOrigin + LtiToolPaths.Login;
    public string LaunchUrl => HostOrigin + LtiToolPaths.Launch;
    public string JwksUrl => HostOrigin + LtiToolPaths.Jwks;
    public bool HasBlockingPrerequisite => Prerequisites.Any(p => p.Blocking);

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await LoadAsync(db, id, cancellationToken);
        if (platform is null) return NotFound();
        Input = LtiForm.From(platform);
        Prepare(platform);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await LoadAsync(db, id, cancellationToken);
        if (platform is null) return NotFound();
        if (!platform.Matches(Input.RowVersion)) return await RefuseStaleAsync(platform.Id, cancellationToken);
        var hadLti = platform.LtiClientId is not null;
        if (!Input.Enabled && !hadLti) return Done($"LTI stays off for {platform.Id}.", "Lti", new { id = platform.Id });

        if (Input.Enabled) await CheckAgainstPlatformAsync(db, platform, cancellationToken);
        if (!ModelState.IsValid)
        {
            Prepare(platform);
            return Page();
        }

        var before = PlatformChanges.LtiAuditView(platform);
        Apply(db, platform);
        platform.FromSeed = false;
        var action = !Input.Enabled ? "platform.lti-disable" : hadLti ? "platform.lti-update" : "platform.lti-enable";
        AuditTrail.Record(db, Actor, action, "platform", platform.Id, before, PlatformChanges.LtiAuditView(platform));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(platform.Id, cancellationToken);

        return Done(Input.Enabled
            ? $"LTI saved for {platform.Id}: launches with client id {platform.LtiClientId} are accepted from now on."
            : $"LTI is off for {platform.Id}: its LTI launches are refused from now on.", "Lti", new { id = platform.Id });
    }

    /// <summary>Moves a role mapping one place up (the first matching mapping decides), without saving.</summary>
    public async Task<IActionResult> OnPostMoveUpAsync(string? id, int moveUp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await LoadAsync(db, id, cancellationToken);
        if (platform is null) return NotFound();
        // The form is redisplayed as posted, rows swapped; validation waits for Save.
        ModelState.Clear();
        if (moveUp > 0 && moveUp < Input.RoleProfiles.Count)
        {
            (Input.RoleProfiles[moveUp - 1], Input.RoleProfiles[moveUp]) = (Input.RoleProfiles[moveUp], Input.RoleProfiles[moveUp - 1]);
            OrderChanged = true;
        }

        Prepare(platform);
        return Page();
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await LoadAsync(db, id, cancellationToken);
        if (current is null) return Done($"Platform {id} was removed by someone else.", "Index");
        ModelState.Clear();
        RefuseStale($"platform {id}", Input, LtiForm.From(current));
        Prepare(current);
        return Page();
    }

    private async Task CheckAgainstPlatformAsync(ConfigurationDbContext db, StoredPlatform platform, CancellationToken cancellationToken)
    {
        foreach (var blocking in LtiChecks.Prerequisites(platform).Where(p => p.Blocking))
            ModelState.AddModelError(string.Empty, blocking.Message);

        for (var i = 0; i < Input.RoleProfiles.Count; i++)
        {
            var profile = Input.RoleProfiles[i].ProfileId?.Trim();
            if (string.IsNullOrEmpty(profile) || LtiChecks.IsAllowedProfile(platform.Profiles, platform.DefaultProfile, profile)) continue;
            var allowed = platform.Profiles.Count == 0 ? "none yet" : string.Join(", ", platform.Profiles);
            ModelState.AddModelError($"Input.RoleProfiles[{i}].ProfileId",
                $"\"{profile}\" is not one of this platform's profiles ({allowed}); allow it on the edit page first, or choose another.");
        }

        var clientId = Input.ClientId?.Trim();
        if (!string.IsNullOrEmpty(clientId)
            && await LtiChecks.PlatformWithSameClientAsync(db, platform.Id, platform.Issuer, clientId, cancellationToken) is { } other)
        {
            ModelState.AddModelError("Input.ClientId",
                $"Platform {other} already uses this client id with the same issuer ({platform.Issuer}); an LTI login could not tell the two apart.");
        }
    }

    private void Apply(ConfigurationDbContext db, StoredPlatform platform)
    {
        var roles = Input.Enabled ? Input.RoleMappings() : [];
        platform.LtiClientId = Input.Enabled ? Input.ClientId!.Trim() : null;
        platform.LtiAuthorizationUrl = Input.Enabled ? Input.AuthorizationUrl!.Trim() : null;
        var deployments = Input.Enabled ? Input.DeploymentLines() : [];
        if (!platform.LtiDeploymentIds.SequenceEqual(deployments)) platform.LtiDeploymentIds = deployments.ToList();

        var current = platform.LtiRoleProfiles.OrderBy(r => r.Position).Select(r => new LtiRoleProfile(r.Role, r.ProfileId));
        if (current.SequenceEqual(roles)) return;
        db.LtiRoleProfiles.RemoveRange(platform.LtiRoleProfiles);
        platform.LtiRoleProfiles = roles
            .Select((r, i) => new StoredLtiRoleProfile { PlatformId = platform.Id, Position = i, Role = r.Role, ProfileId = r.ProfileId })
            .ToList();
    }

    private void Prepare(StoredPlatform platform)
    {
        Platform = platform;
        Prerequisites = LtiChecks.Prerequisites(platform);
        ProfileChoices = string.IsNullOrEmpty(platform.DefaultProfile) || platform.Profiles.Contains(platform.DefaultProfile)
            ? platform.Profiles.ToArray()
            : [.. platform.Profiles, platform.DefaultProfile];
        Input.PadRoleRows();
    }

    private static Task<StoredPlatform?> LoadAsync(ConfigurationDbContext db, string? id, CancellationToken cancellationToken) =>
        id is null
            ? Task.FromResult<StoredPlatform?>(null)
            : db.Platforms.Include(p => p.Keys).Include(p => p.LtiRoleProfiles).AsSplitQuery()
                .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
}
