using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class LiveConfigurationTests
{
    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Reads_are_served_from_the_cache(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);

        var first = await store.Live.CurrentAsync(TestTimeout.Token);
        var second = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.Same(first, second);
        Assert.Equal(await store.ReadVersionAsync(), first.Version);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_save_in_this_process_is_visible_immediately(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var before = await store.Live.CurrentAsync(TestTimeout.Token);

        await using (var db = await store.OpenContextAsync())
        {
            (await db.Profiles.SingleAsync(p => p.Id == DemoConfiguration.ProfileId, TestTimeout.Token)).Title = "Renamed in process";
            await db.SaveChangesAsync(TestTimeout.Token);
        }

        var after = await store.Live.CurrentAsync(TestTimeout.Token);
        Assert.Equal("Renamed in process", after.Profiles[DemoConfiguration.ProfileId].Title);
        Assert.True(after.Version > before.Version);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task NotifyChanged_invalidates_the_cache_at_once(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.Live.CurrentAsync(TestTimeout.Token);
        // A write that neither tells this process nor bumps the version: only the notifier can reveal it.
        await store.ExecuteSqlAsync("UPDATE \"Profiles\" SET \"Title\" = 'Changed behind the cache'");
        Assert.Equal("ChatWidget demo assistant", (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["demo"].Title);

        store.Services.GetRequiredService<IConfigurationChangeNotifier>().NotifyChanged();

        Assert.Equal("Changed behind the cache", (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["demo"].Title);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_change_by_another_process_is_picked_up_after_the_refresh_interval(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider, new Dictionary<string, string?> { ["ChatWidget:ConfigurationRefreshSeconds"] = "5" });
        var before = await store.Live.CurrentAsync(TestTimeout.Token);

        await using (var foreign = store.OpenForeignContext())
        {
            (await foreign.Profiles.SingleAsync(p => p.Id == "demo", TestTimeout.Token)).Title = "Renamed elsewhere";
            await foreign.SaveChangesAsync(TestTimeout.Token);
        }

        Assert.Equal(before.Version + 1, await store.ReadVersionAsync());
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));
        store.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));

        store.Time.Advance(TimeSpan.FromSeconds(0.2));
        var after = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.Equal("Renamed elsewhere", after.Profiles["demo"].Title);
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task The_periodic_check_keeps_the_snapshot_when_the_version_is_unchanged(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var before = await store.Live.CurrentAsync(TestTimeout.Token);
        // Without a version bump a direct write is invisible to the periodic check: proof it compares the stamp only.
        await store.ExecuteSqlAsync("UPDATE \"Profiles\" SET \"Title\" = 'No version bump'");

        store.Time.Advance(TimeSpan.FromSeconds(6));

        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Concurrent_readers_share_one_load(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        store.Services.GetRequiredService<IConfigurationChangeNotifier>().NotifyChanged();

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(_ => Task.Run(async () => await store.Live.CurrentAsync(TestTimeout.Token))));

        Assert.Single(snapshots.Distinct());
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task The_context_is_also_resolvable_per_scope_for_identity_stores(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        using var scope = store.Services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<ConfigurationDbContext>();

        Assert.Empty(await db.Users.ToListAsync(TestTimeout.Token));
        // The provider's own type, so that what Identity and Data Protection use is the store's context.
        Assert.Equal(provider == DatabaseProviders.Postgres, db is PostgresConfigurationDbContext);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_failing_database_keeps_the_last_good_snapshot_in_service(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var before = await store.Live.CurrentAsync(TestTimeout.Token);
        await store.ExecuteSqlAsync("ALTER TABLE \"ConfigurationVersion\" RENAME TO \"Broken\"");

        store.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));
        store.Services.GetRequiredService<IConfigurationChangeNotifier>().NotifyChanged();
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));

        await store.ExecuteSqlAsync("ALTER TABLE \"Broken\" RENAME TO \"ConfigurationVersion\"");
        await store.ExecuteSqlAsync("UPDATE \"Profiles\" SET \"Title\" = 'Back'");
        Assert.Equal("Back", (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["demo"].Title);
        Assert.Contains(store.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_secret_that_cannot_be_decrypted_fails_closed_for_that_row_only(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        await store.ExecuteSqlAsync("UPDATE \"Models\" SET \"ProtectedApiKey\" = 'CfDJ8-not-a-real-ciphertext' WHERE \"Id\" = 'fast'");
        store.Services.GetRequiredService<IConfigurationChangeNotifier>().NotifyChanged();

        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.Null(snapshot.Models["fast"].ApiKey);
        Assert.Equal(SeedFiles.SharedSecret, snapshot.Platforms["moodle"].Keys[0].SharedSecret);
    }
}
