using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class SeedFileImportTests
{
    private static Dictionary<string, string?> SeedSetting(string path) => new() { ["ChatWidget:SeedFile"] = path };

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Seed_file_configured_at_start_round_trips_into_the_snapshot(string provider)
    {
        await using var store = await ConfigurationStoreHarness.CreateAsync(provider);
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid()));
        await using var started = store.Reopen(SeedSetting(path));
        await started.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        var snapshot = await started.Live.CurrentAsync(TestTimeout.Token);

        var fast = snapshot.Models["fast"];
        Assert.Equal(ModelProviders.OpenAi, fast.Provider);
        Assert.Equal(new Uri("http://127.0.0.1:9000/v1"), fast.BaseUrl);
        Assert.Equal(SeedFiles.ApiKey, fast.ApiKey);
        Assert.Equal("gpt-4o-mini", fast.ModelName);
        Assert.Equal(128000, fast.ContextWindow);
        Assert.True(fast.Enabled);
        var offline = snapshot.Models["offline"];
        Assert.Equal(ModelProviders.Offline, offline.Provider);
        Assert.Null(offline.BaseUrl);
        Assert.Null(offline.ApiKey);

        var support = snapshot.Profiles["support"];
        Assert.Equal("Course assistant", support.Title);
        Assert.Equal("You are helpful.", support.Instructions);
        Assert.Equal("fast", support.ModelId);
        Assert.Equal(0.5f, support.Temperature);
        Assert.Equal(256, support.MaxOutputTokens);
        Assert.Equal("Hi! How can I help?", support.Greeting);
        Assert.Equal(["What is due this week?", "Explain mitosis"], support.Starters);
        Assert.Equal("#112233", support.Theme.Accent);
        Assert.Equal("pt-BR", support.Locale);
        Assert.Equal("AI can be wrong.", support.Disclaimer);
        Assert.Equal(new InputLimits(1000, 20, 10000), support.Limits);
        Assert.Equal([new KnowledgeEntry("When is the exam?", "On Friday."), new KnowledgeEntry("Where?", "Room 5.")], support.Knowledge);
        var biology = snapshot.Profiles["biology-101"];
        Assert.Equal(ProfileTheme.Default, biology.Theme);
        Assert.Equal(InputLimits.Default, biology.Limits);
        Assert.Empty(biology.Starters);

        var lms = snapshot.Platforms["lms"];
        Assert.Equal("https://lms.example.edu", lms.Issuer);
        Assert.Equal("chatwidget", lms.Audience);
        Assert.Equal(["ES256"], lms.Algorithms);
        var lmsKey = Assert.Single(lms.Keys);
        Assert.Null(lmsKey.Kid);
        Assert.Equal(SeedFiles.EcPublicKeyPem.Trim(), lmsKey.PublicKeyPem);
        Assert.Null(lmsKey.SharedSecret);
        Assert.Null(lms.JwksUrl);
        Assert.Equal(["https://lms.example.edu"], lms.AllowedOrigins);
        Assert.Equal(["support", "biology-101"], lms.Profiles);
        Assert.Equal("support", lms.DefaultProfile);
        Assert.Equal(120, lms.MaxLaunchTokenLifetimeSeconds);
        Assert.True(lms.Enabled);
        Assert.Equal(1, lms.Generation);

        var moodle = snapshot.Platforms["moodle"];
        Assert.Equal(SeedFiles.SharedSecret, Assert.Single(moodle.Keys).SharedSecret);
        Assert.Equal("biology-101", moodle.DefaultProfile);
        Assert.Equal(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, moodle.MaxLaunchTokenLifetimeSeconds);

        var canvas = snapshot.Platforms["canvas"];
        Assert.Equal(["rsa-1", "ec-1"], canvas.Keys.Select(k => k.Kid));
        Assert.Equal(["https://canvas.example.com", "http://localhost:8080"], canvas.AllowedOrigins);
        var lti = Assert.IsType<LtiRegistration>(canvas.Lti);
        Assert.Equal("10000000000001", lti.ClientId);
        Assert.Equal(["1:abc", "2:def"], lti.DeploymentIds);
        Assert.Equal(new Uri("https://canvas.example.com/api/lti/authorize_redirect"), lti.AuthorizationUrl);
        Assert.Equal("biology-101", lti.ProfileForRoles(["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]));
        Assert.Null(lti.ProfileForRoles(["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]));
        Assert.Null(snapshot.Platforms["lms"].Lti);

        Assert.True(snapshot.Team.Enabled);
        Assert.Equal("support", snapshot.Team.ProfileId);
        Assert.True(TeamPasswordHasher.Verify(snapshot.Team.PasswordHash!, SeedFiles.TeamPassword));

        await using var db = await started.OpenContextAsync();
        Assert.All(await db.Models.ToListAsync(TestTimeout.Token), m => Assert.True(m.FromSeed));
        Assert.All(await db.Profiles.ToListAsync(TestTimeout.Token), p => Assert.True(p.FromSeed));
        Assert.All(await db.Platforms.ToListAsync(TestTimeout.Token), p => Assert.True(p.FromSeed));
        Assert.False(await db.Platforms.AnyAsync(p => p.Id == DemoConfiguration.PlatformId, TestTimeout.Token));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Importing_the_same_file_twice_changes_nothing(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid()));
        Assert.True(await store.Importer.ImportAsync(path, TestTimeout.Token));
        var version = await store.ReadVersionAsync();
        var first = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.False(await store.Importer.ImportAsync(path, TestTimeout.Token));

        Assert.Equal(version, await store.ReadVersionAsync());
        var second = await store.Live.CurrentAsync(TestTimeout.Token);
        Assert.Same(first, second);
        Assert.All(second.Platforms.Values, p => Assert.Equal(1, p.Generation));
        Assert.Equal(first.Team.Generation, second.Team.Generation);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Restarting_with_the_same_seed_file_changes_nothing(string provider)
    {
        await using var first = await ConfigurationStoreHarness.CreateAsync(provider);
        var path = first.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid()));
        await using (var run = first.Reopen(SeedSetting(path)))
        {
            await run.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);
        }

        await using var again = first.Reopen(SeedSetting(path));
        var version = await VersionAfterPrepare(again);
        await again.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        Assert.Equal(version, await again.ReadVersionAsync());
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Invalid_seed_file_fails_start_up_and_writes_nothing(string provider)
    {
        await using var store = await ConfigurationStoreHarness.CreateAsync(provider);
        var seed = SeedFiles.Valid();
        seed["profiles"]![0]!["model"] = "fast2";
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(seed));
        await using var started = store.Reopen(SeedSetting(path));

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() => started.Services.PrepareConfigurationStoreAsync(TestTimeout.Token));

        Assert.Contains("profiles[0].model: \"fast2\" is not a model in the seed file or the database", error.Message);
        await using var db = await started.OpenContextAsync();
        Assert.Empty(await db.Models.ToListAsync(TestTimeout.Token));
        Assert.Empty(await db.Platforms.ToListAsync(TestTimeout.Token));
        Assert.False(File.Exists(DemoConfiguration.GetPrivateKeyPath(started.DataDirectory)));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Invalid_update_leaves_the_previous_configuration_untouched(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        var version = await store.ReadVersionAsync();
        var seed = SeedFiles.Valid();
        seed["profiles"]![0]!["title"] = "Changed title";
        seed["platforms"]![1]!["sharedSecret"] = "short";

        await Assert.ThrowsAsync<InvalidSeedFileException>(() =>
            store.Importer.ImportAsync(store.WriteFile("bad.json", SeedFiles.Serialize(seed)), TestTimeout.Token));

        Assert.Equal(version, await store.ReadVersionAsync());
        await using var db = await store.OpenContextAsync();
        Assert.Equal("Course assistant", (await db.Profiles.SingleAsync(p => p.Id == "support", TestTimeout.Token)).Title);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Key_change_and_disabling_bump_the_platform_generation_other_edits_do_not(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var seed = SeedFiles.Valid();
        await Import(store, seed);

        Platform(seed, 0)["issuer"] = "https://lms2.example.edu";
        Platform(seed, 0)["allowedOrigins"] = new JsonArray("https://lms2.example.edu");
        await Import(store, seed);
        Assert.Equal(1, await Generation(store, "lms"));

        Platform(seed, 0)["publicKeyPem"] = SeedFiles.NewEcPublicKeyPem();
        await Import(store, seed);
        Assert.Equal(2, await Generation(store, "lms"));

        Platform(seed, 1)["sharedSecret"] = SeedFiles.SharedSecret + "-rotated";
        await Import(store, seed);
        Assert.Equal(2, await Generation(store, "moodle"));

        Platform(seed, 2)["keys"]!.AsArray().RemoveAt(0);
        Platform(seed, 2)["algorithms"] = new JsonArray("ES256");
        await Import(store, seed);
        Assert.Equal(2, await Generation(store, "canvas"));

        Platform(seed, 0)["enabled"] = false;
        await Import(store, seed);
        Assert.Equal(3, await Generation(store, "lms"));
        Assert.False((await store.Live.CurrentAsync(TestTimeout.Token)).Platforms["lms"].Enabled);

        await Import(store, seed);
        Assert.Equal(3, await Generation(store, "lms"));
        Assert.Equal(2, await Generation(store, "moodle"));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Team_password_rotation_and_switch_off_bump_the_team_generation(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        var seed = SeedFiles.Valid();
        await Import(store, seed);
        var initial = (await store.Live.CurrentAsync(TestTimeout.Token)).Team;

        await Import(store, seed);
        var unchanged = (await store.Live.CurrentAsync(TestTimeout.Token)).Team;
        Assert.Equal(initial.Generation, unchanged.Generation);
        Assert.Equal(initial.PasswordHash, unchanged.PasswordHash);

        seed["team"]!["password"] = "a-new-team-password-2026";
        await Import(store, seed);
        var rotated = (await store.Live.CurrentAsync(TestTimeout.Token)).Team;
        Assert.Equal(initial.Generation + 1, rotated.Generation);
        Assert.True(TeamPasswordHasher.Verify(rotated.PasswordHash!, "a-new-team-password-2026"));
        Assert.False(TeamPasswordHasher.Verify(rotated.PasswordHash!, SeedFiles.TeamPassword));

        seed["team"]!["enabled"] = false;
        await Import(store, seed);
        var off = (await store.Live.CurrentAsync(TestTimeout.Token)).Team;
        Assert.False(off.Enabled);
        Assert.Equal(initial.Generation + 2, off.Generation);
    }

    private static async Task<long> VersionAfterPrepare(ConfigurationStoreHarness store)
    {
        await store.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);
        return await store.ReadVersionAsync();
    }

    private static async Task Import(ConfigurationStoreHarness store, JsonObject seed) =>
        await store.Importer.ImportAsync(store.WriteFile($"seed-{Guid.NewGuid():N}.json", SeedFiles.Serialize(seed)), TestTimeout.Token);

    private static async Task<long> Generation(ConfigurationStoreHarness store, string platform) =>
        (await store.Live.CurrentAsync(TestTimeout.Token)).Platforms[platform].Generation;

    private static JsonObject Platform(JsonObject seed, int index) => seed["platforms"]![index]!.AsObject();
}
