using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

public sealed class EditModel(IDbContextFactory<ConfigurationDbContext> contextFactory, ConfigurationSecretProtector secrets) : AdminPageModel
{
    [BindProperty] public PlatformForm Input { get; set; } = new();
    public bool IsNew { get; private set; }
    public IReadOnlyList<string> ProfileIds { get; private set; } = [];
    public string? GeneratedSecret { get; private set; }

    /// <summary>Whether the stored platform launches by LTI (its lti block is edited on the LTI page).</summary>
    public bool HasLti { get; private set; }

    /// <summary>How LTI Dynamic Registration leaves a platform: disabled, no profiles, waiting for an administrator.</summary>
    public bool NeedsProfiles { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!IsNew)
        {
            var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (platform is null) return NotFound();
            Input = PlatformForm.From(platform);
            HasLti = platform.LtiClientId is not null;
            NeedsProfiles = !platform.Enabled && platform.Profiles.Count == 0;
        }

        ProfileIds = await db.Profiles.Select(p => p.Id).OrderBy(p => p).ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!IsNew) Input.Id = id!;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        ProfileIds = await db.Profiles.Select(p => p.Id).OrderBy(p => p).ToListAsync(cancellationToken);
        if (Input.Profiles.Except(ProfileIds).Any())
            ModelState.AddModelError("Input.Profiles", "Only published profiles can be allowed.");

        var platform = IsNew ? null : await db.Platforms.Include(p => p.Keys).Include(p => p.LtiRoleProfiles).AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (!IsNew && platform is null) return NotFound();
        if (platform is not null && !platform.Matches(Input.RowVersion)) return await RefuseStaleAsync(platform.Id, cancellationToken);
        HasLti = platform?.LtiClientId is not null;
        NeedsProfiles = platform is { Enabled: false, Profiles.Count: 0 };
        if (IsNew && await db.Platforms.AnyAsync(p => p.Id == Input.Id, cancellationToken))
            ModelState.AddModelError("Input.Id", $"A platform with the id {Input.Id} already exists.");

        var newKeys = new List<StoredPlatformKey>();
        if (IsNew)
        {
            if (!string.IsNullOrWhiteSpace(Input.PublicKeyPem))
            {
                if (PlatformChanges.PemProblem(Input.PublicKeyPem) is { } problem) ModelState.AddModelError("Input.PublicKeyPem", problem);
                else newKeys.Add(new StoredPlatformKey { PlatformId = Input.Id, Kid = NullIfBlank(Input.Kid), PublicKeyPem = Input.PublicKeyPem.Trim() });
            }

            if (Input.GenerateSecret)
            {
                GeneratedSecret = PlatformChanges.NewSharedSecret();
                var kid = newKeys.Count > 0 ? (NullIfBlank(Input.Kid) ?? "hs256") + "-secret" : NullIfBlank(Input.Kid);
                newKeys.Add(new StoredPlatformKey { PlatformId = Input.Id, Kid = kid, ProtectedSharedSecret = secrets.Protect(GeneratedSecret) });
            }

            if (newKeys.Count > 1 && newKeys.Any(k => k.Kid is null))
                ModelState.AddModelError("Input.Kid", "With two keys each needs a kid.");
        }

        if (ModelState.IsValid && PlatformChanges.MissingKeys(Input.Algorithms, IsNew ? newKeys : platform!.Keys, Input.JwksUrl) is { } missing)
            ModelState.AddModelError("Input.Algorithms", missing);
        if (ModelState.IsValid && platform?.LtiClientId is not null) await CheckLtiStillHoldsAsync(db, platform, cancellationToken);
        if (!ModelState.IsValid)
        {
            GeneratedSecret = null;
            return Page();
        }

        var before = platform is null ? null : PlatformChanges.AuditView(platform);
        if (platform is null)
        {
            platform = new StoredPlatform { Id = Input.Id, Issuer = Input.Issuer, DefaultProfile = "" };
            for (var i = 0; i < newKeys.Count; i++) newKeys[i].Position = i;
            platform.Keys = newKeys;
            db.Platforms.Add(platform);
        }

        var jwksUrl = NullIfBlank(Input.JwksUrl);
        var wasEnabled = platform.Enabled;
        var keysChanged = !IsNew && platform.JwksUrl != jwksUrl;
        platform.Issuer = Input.Issuer.Trim();
        platform.Audience = Input.Audience.Trim();
        platform.Algorithms = Input.Algorithms.Distinct().ToList();
        platform.JwksUrl = jwksUrl;
        platform.AllowedOrigins = Input.OriginLines().Select(o => OriginRules.TryNormalize(o, out var n) ? n : o).Distinct().ToList();
        platform.Profiles = Input.Profiles.Distinct().ToList();
        platform.DefaultProfile = Input.DefaultProfile ?? "";
        platform.MaxLaunchTokenLifetimeSeconds = Input.MaxLaunchTokenLifetimeSeconds;
        platform.Enabled = Input.Enabled;
        platform.FromSeed = false;
        if (!IsNew && (keysChanged || (wasEnabled && !platform.Enabled))) platform.Generation++;
        AuditTrail.Record(db, Actor, IsNew ? "platform.create" : "platform.update", "platform", platform.Id, before, PlatformChanges.AuditView(platform));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(platform.Id, cancellationToken);

        if (GeneratedSecret is not null)
        {
            // Rendered once, in this response only; the page after any redirect or reload shows it no more.
            Message = $"Platform {platform.Id} created.";
            return Page();
        }

        return Done($"Platform {platform.Id} saved.", "Index");
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (current is null) return Done($"Platform {id} was removed by someone else.", "Index");
        HasLti = current.LtiClientId is not null;
        NeedsProfiles = current is { Enabled: false, Profiles.Count: 0 };
        RefuseStale($"platform {id}", Input, PlatformForm.From(current));
        return Page();
    }

    /// <summary>The lti block is edited on its own page; a change here must not leave it invalid (the seed file's rules).</summary>
    private async Task CheckLtiStillHoldsAsync(ConfigurationDbContext db, StoredPlatform platform, CancellationToken cancellationToken)
    {
        if (!LtiChecks.HasLtiAlgorithm(Input.Algorithms)) ModelState.AddModelError("Input.Algorithms", LtiChecks.AlgorithmsMessage);

        var profiles = Input.Profiles.Distinct().ToArray();
        foreach (var mapping in platform.LtiRoleProfiles.OrderBy(r => r.Position)
                     .Where(r => !LtiChecks.IsAllowedProfile(profiles, Input.DefaultProfile, r.ProfileId)))
        {
            ModelState.AddModelError("Input.Profiles",
                $"The LTI role mapping {mapping.Role} → {mapping.ProfileId} needs {mapping.ProfileId}: keep it allowed, or change the mapping on the LTI page first.");
        }

        if (await LtiChecks.PlatformWithSameClientAsync(db, platform.Id, Input.Issuer.Trim(), platform.LtiClientId!, cancellationToken) is { } other)
        {
            ModelState.AddModelError("Input.Issuer",
                $"Platform {other} has the same issuer and LTI client id ({platform.LtiClientId}); an LTI login could not tell the two apart.");
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
