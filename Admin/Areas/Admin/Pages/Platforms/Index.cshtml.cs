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

    /// <summary>The kill switch: disabling bumps the generation, so live access tokens get 403 at their next request.</summary>
    public async Task<IActionResult> OnPostToggleAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
        var before = PlatformChanges.AuditView(platform);
        platform.Enabled = !platform.Enabled;
        if (!platform.Enabled) platform.Generation++;
        AuditTrail.Record(db, Actor, platform.Enabled ? "platform.enable" : "platform.disable", "platform", id, before, PlatformChanges.AuditView(platform));
        await db.SaveChangesAsync(cancellationToken);
        return Done(platform.Enabled ? $"{id} is enabled." : $"{id} is disabled: launches are refused and live sessions end at their next request.", "Index");
    }
}
