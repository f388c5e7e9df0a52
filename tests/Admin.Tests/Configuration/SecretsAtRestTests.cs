using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.TestServers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task Api_key_shared_secret_and_team_password_never_reach_the_database_file_or_the_logs()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);

        // Decrypted in memory, where Host needs them...
        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);
        Assert.Equal(SeedFiles.ApiKey, snapshot.Models["fast"].ApiKey);
        Assert.Equal(SeedFiles.SharedSecret, snapshot.Platforms["moodle"].Keys[0].SharedSecret);

        // ...but stored only as ciphertext or a hash.
        await using (var db = await store.OpenContextAsync())
        {
            var model = await db.Models.SingleAsync(m => m.Id == "fast", TestTimeout.Token);
            Assert.False(string.IsNullOrEmpty(model.ProtectedApiKey));
            Assert.NotEqual(SeedFiles.ApiKey, model.ProtectedApiKey);
        }

        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(store.DataDirectory, ConfigurationStoreOptions.DatabaseFileName + "*");
        Assert.Contains(store.DatabasePath, files);
        // EF Core creates the database in WAL mode: recent pages may still sit in chatwidget.db-wal, so read every file.
        var everything = new List<byte>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, TestTimeout.Token);
            everything.AddRange(bytes);
            foreach (var secret in new[] { SeedFiles.ApiKey, SeedFiles.SharedSecret, SeedFiles.TeamPassword })
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)));
            }
        }

        // A sanity check that the search above can find things: non-secret seed values are in the file.
        Assert.NotEqual(-1, everything.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes("gpt-4o-mini")));

        Assert.DoesNotContain(store.Logs.Lines, line =>
            line.Contains(SeedFiles.ApiKey, StringComparison.Ordinal)
            || line.Contains(SeedFiles.SharedSecret, StringComparison.Ordinal)
            || line.Contains(SeedFiles.TeamPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_data_directory_so_a_restart_can_still_decrypt()
    {
        await using var first = await ConfigurationStoreHarness.StartAsync();
        await first.Importer.ImportAsync(first.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(first.DataDirectory, "keys"), "*.xml"));

        await using var restarted = ConfigurationStoreHarness.Create(root: first.Root);
        await restarted.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        var snapshot = await restarted.Live.CurrentAsync(TestTimeout.Token);
        Assert.Equal(SeedFiles.ApiKey, snapshot.Models["fast"].ApiKey);
    }

    [Fact]
    public async Task With_PostgreSQL_api_key_shared_secret_and_team_password_reach_no_table_or_log()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(DatabaseProviders.Postgres);
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);
        Assert.Equal(SeedFiles.ApiKey, snapshot.Models["fast"].ApiKey);

        var rows = await PostgresDump.AllRowsAsync(store.Database.ConnectionString!);

        // The search can find things: non-secret seed values are there, secrets only as ciphertext or a hash.
        Assert.Contains(rows, r => r.Contains("gpt-4o-mini", StringComparison.Ordinal));
        foreach (var secret in new[] { SeedFiles.ApiKey, SeedFiles.SharedSecret, SeedFiles.TeamPassword })
        {
            Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(store.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task With_PostgreSQL_data_protection_keys_live_in_the_database_so_another_instance_can_decrypt()
    {
        await using var first = await ConfigurationStoreHarness.StartAsync(DatabaseProviders.Postgres);
        await first.Importer.ImportAsync(first.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        Assert.False(Directory.Exists(Path.Combine(first.DataDirectory, "keys")));
        await using (var db = await first.OpenContextAsync())
        {
            Assert.Single(await db.DataProtectionKeys.ToListAsync(TestTimeout.Token));
        }

        // Another machine: a data directory of its own, only the database in common.
        await using var other = ConfigurationStoreHarness.Create(first.Database);
        await other.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        var snapshot = await other.Live.CurrentAsync(TestTimeout.Token);
        Assert.Equal(SeedFiles.ApiKey, snapshot.Models["fast"].ApiKey);
        Assert.Equal(SeedFiles.SharedSecret, snapshot.Platforms["moodle"].Keys[0].SharedSecret);
        Assert.False(Directory.Exists(Path.Combine(other.DataDirectory, "keys")));
    }

    [Fact]
    public void Settings_records_do_not_print_secrets()
    {
        var model = new ModelSettings("fast", "openai", null, SeedFiles.ApiKey, "gpt", 1000, true);
        var key = new PlatformKey("k", null, SeedFiles.SharedSecret);

        Assert.DoesNotContain(SeedFiles.ApiKey, model.ToString());
        Assert.DoesNotContain(SeedFiles.SharedSecret, key.ToString());
    }
}
