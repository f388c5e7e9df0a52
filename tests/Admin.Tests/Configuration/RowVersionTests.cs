using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>The store's concurrency token itself: the race a page's own version check cannot see (two saves of rows read at once).</summary>
public sealed class RowVersionTests
{
    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Of_two_saves_of_a_row_read_at_the_same_version_the_second_fails_and_writes_nothing(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        await using var first = await LtiPlatforms.CreateContextAsync(tabs.Host);
        await using var second = await LtiPlatforms.CreateContextAsync(tabs.Host);
        var a = await first.Models.SingleAsync(m => m.Id == "fast", TestTimeout.Token);
        var b = await second.Models.SingleAsync(m => m.Id == "fast", TestTimeout.Token);

        a.ContextWindow = 16384;
        await first.SaveChangesAsync(TestTimeout.Token);
        b.ModelName = "gpt-4.1-mini";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestTimeout.Token));
        await using var check = await LtiPlatforms.CreateContextAsync(tabs.Host);
        var stored = await check.Models.AsNoTracking().SingleAsync(m => m.Id == "fast", TestTimeout.Token);
        Assert.Equal(("gpt-4o-mini", 16384, a.RowVersion), (stored.ModelName, stored.ContextWindow, stored.RowVersion));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Changing_a_platforms_key_bumps_the_platforms_version_so_a_stale_platform_save_fails(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        await using var keys = await LtiPlatforms.CreateContextAsync(tabs.Host);
        await using var edit = await LtiPlatforms.CreateContextAsync(tabs.Host);
        var platform = await keys.Platforms.Include(p => p.Keys).SingleAsync(p => p.Id == "lms", TestTimeout.Token);
        var stale = await edit.Platforms.SingleAsync(p => p.Id == "lms", TestTimeout.Token);
        var before = platform.RowVersion;

        platform.Keys.Single().Kid = "k1";
        await keys.SaveChangesAsync(TestTimeout.Token);
        stale.Audience = "other";

        Assert.Equal(before + 1, platform.RowVersion);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => edit.SaveChangesAsync(TestTimeout.Token));
    }
}
