using System.Security.Cryptography;
using System.Text;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class DemoSeedTests
{
    [Fact]
    public async Task Without_the_demo_enabled_an_empty_database_stays_empty()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(new Dictionary<string, string?> { ["ChatWidget:Demo:Enabled"] = "false" });

        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.Empty(snapshot.Platforms);
        Assert.Empty(snapshot.Profiles);
        Assert.Empty(snapshot.Models);
        Assert.False(File.Exists(DemoConfiguration.GetPrivateKeyPath(store.Services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value)));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task An_empty_database_without_seed_file_gets_a_working_demo(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider, new Dictionary<string, string?> { ["ChatWidget:Demo:PartnerOrigin"] = "http://localhost:5099" });

        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);

        var model = snapshot.Models[DemoConfiguration.ModelId];
        Assert.Equal(ModelProviders.Offline, model.Provider);
        var profile = snapshot.Profiles[DemoConfiguration.ProfileId];
        Assert.Equal("ChatWidget demo assistant", profile.Title);
        Assert.Equal(DemoConfiguration.ModelId, profile.ModelId);
        Assert.False(string.IsNullOrWhiteSpace(profile.Greeting));
        Assert.Equal(3, profile.Starters.Count);
        Assert.Matches("^#[0-9a-f]{6}$", profile.Theme.Accent);
        Assert.InRange(profile.Knowledge.Count, 5, 8);
        Assert.Contains(profile.Knowledge, k => k.Answer.Contains("memory", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(profile.Knowledge, k => k.Answer.Contains("<script", StringComparison.Ordinal));
        Assert.Contains(profile.Knowledge, k => k.Question.Contains("contact", StringComparison.OrdinalIgnoreCase));

        var platform = snapshot.Platforms[DemoConfiguration.PlatformId];
        Assert.Equal("http://localhost:5099", platform.Issuer);
        Assert.Equal(PlatformSettings.DefaultAudience, platform.Audience);
        Assert.Equal(["ES256"], platform.Algorithms);
        Assert.Equal(["http://localhost:5099"], platform.AllowedOrigins);
        Assert.Equal([DemoConfiguration.ProfileId], platform.Profiles);
        Assert.Equal(DemoConfiguration.ProfileId, platform.DefaultProfile);
        Assert.True(platform.Enabled);
        Assert.False(snapshot.Team.Enabled);

        // The private key on disk signs what the stored public key verifies: the demo partner page can mint tokens.
        var options = store.Services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
        var keyPath = DemoConfiguration.GetPrivateKeyPath(options);
        Assert.Equal(Path.Combine(store.DataDirectory, "demo-platform.key"), keyPath);
        var privatePem = await File.ReadAllTextAsync(keyPath, TestTimeout.Token);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", privatePem);
        using var signer = ECDsa.Create();
        signer.ImportFromPem(privatePem);
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(Assert.Single(platform.Keys).PublicKeyPem);
        var data = Encoding.UTF8.GetBytes("header.payload");
        Assert.True(verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        Assert.Contains(store.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Seeded the demo", StringComparison.Ordinal));
        Assert.DoesNotContain(store.Logs.Lines, line => line.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_restart_keeps_the_existing_demo_and_its_key(string provider)
    {
        await using var first = await ConfigurationStoreHarness.StartAsync(provider);
        var keyPath = DemoConfiguration.GetPrivateKeyPath(first.DataDirectory);
        var key = await File.ReadAllTextAsync(keyPath, TestTimeout.Token);
        var version = await first.ReadVersionAsync();

        await using var restarted = first.Reopen();
        await restarted.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        Assert.Equal(key, await File.ReadAllTextAsync(keyPath, TestTimeout.Token));
        Assert.Equal(version, await restarted.ReadVersionAsync());
    }

    [Fact]
    public async Task No_demo_when_a_seed_file_is_configured()
    {
        await using var store = ConfigurationStoreHarness.Create();
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid()));
        await using var started = ConfigurationStoreHarness.Create(new Dictionary<string, string?> { ["ChatWidget:SeedFile"] = path }, store.Root);
        await started.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        var snapshot = await started.Live.CurrentAsync(TestTimeout.Token);

        Assert.DoesNotContain(DemoConfiguration.PlatformId, snapshot.Platforms.Keys);
        Assert.False(File.Exists(DemoConfiguration.GetPrivateKeyPath(started.DataDirectory)));
    }
}
