using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

public sealed class IndexModel(IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    public IReadOnlyList<StoredPlatform> Platforms { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        Platforms = await db.Platforms.AsNoTracking().Include(p => p.Keys).OrderBy(p => p.Id).ToListAsync(cancellationToken);
    }

    /// <summary>No profile to launch with (how LTI Dynamic Registration leaves a platform): it cannot be enabled as it is.</summary>
    public static bool NeedsProfiles(StoredPlatform platform) =>
        platform.Profiles.Count == 0 || !platform.Profiles.Contains(platform.DefaultProfile);

    /// <summary>The kill switch: disabling bumps the generation, so live access tokens get 403 at their next request.</summary>
    public async Task<IActionResult> OnPostToggleAsync(string id, string? rowVersion, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
        if (!platform.Matches(rowVersion)) return await RefuseStaleAsync(id, cancellationToken);
        if (!platform.Enabled && NeedsProfiles(platform))
            return Done($"{id} cannot be enabled yet: it has no profiles. Pick its profiles and default profile on its edit page, and enable it there.", "Index");
        var before = PlatformChanges.AuditView(platform);
        platform.Enabled = !platform.Enabled;
        if (!platform.Enabled) platform.Generation++;
        AuditTrail.Record(db, Actor, platform.Enabled ? "platform.enable" : "platform.disable", "platform", id, before, PlatformChanges.AuditView(platform));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(id, cancellationToken);
        return Done(platform.Enabled ? $"{id} is enabled." : $"{id} is disabled: launches are refused and live sessions end at their next request.", "Index");
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        RefuseStale($"platform {id}");
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
