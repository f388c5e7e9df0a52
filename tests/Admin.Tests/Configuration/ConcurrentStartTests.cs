using System.Net;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using ChatWidget.HostFixture;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Three_hosts_starting_at_once_on_an_empty_database_all_come_up_with_one_copy_of_each_seed_row()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProviders.Postgres);
        var seedDirectory = Directory.CreateTempSubdirectory("chatwidget-concurrent-").FullName;
        var seedPath = Path.Combine(seedDirectory, "seed.json");
        await File.WriteAllTextAsync(seedPath, SeedFiles.Serialize(SeedFiles.Valid()), TestTimeout.Token);
        // Three machines: a data directory each, the database and the seed file in common.
        var hosts = Enumerable.Range(0, 3).Select(_ => new InProcessHost
        {
            EnvironmentName = "Development",
            Settings = new Dictionary<string, string?>(database.Settings) { ["ChatWidget:SeedFile"] = seedPath },
        }).ToList();
        try
        {
            // Each start runs Program: migrate and import the seed file under the lock, then load the key ring.
            var clients = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.CreateClient())));

            foreach (var client in clients)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", TestTimeout.Token)).StatusCode);
            }

            foreach (var host in hosts)
            {
                var snapshot = await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token);
                Assert.Equal(SeedFiles.ApiKey, snapshot.Models["fast"].ApiKey);
            }

            Assert.Single(hosts.Select(h => h.Services.GetRequiredService<HostKeyRing>().CurrentKeyId).Distinct());
            await using var db = database.OpenForeignContext("");
            Assert.Equal(db.Database.GetMigrations().Count(), await CountAsync(database, "__EFMigrationsHistory"));
            Assert.Equal(2, await CountAsync(database, "Models"));
            Assert.Equal(2, await CountAsync(database, "Profiles"));
            Assert.Equal(3, await CountAsync(database, "Platforms"));
            Assert.Equal(2, await CountAsync(database, "ProfileVersions"));
            Assert.Equal(await CountAsync(database, "KnowledgeEntries"), SeedFiles.Valid()["profiles"]!.AsArray().Sum(p => p!["knowledge"]?.AsArray().Count ?? 0));
            Assert.Equal(1, await CountAsync(database, "AuditLog", "\"Action\" = 'seed.apply'"));
            Assert.Equal(1, await CountAsync(database, "DataProtectionKeys"));
            Assert.Equal(1, await CountAsync(database, "HostKeyRing"));
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
            database.ReleaseConnections();
            Directory.Delete(seedDirectory, recursive: true);
        }
    }

    private static async Task<long> CountAsync(TestDatabase database, string table, string where = "true")
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestTimeout.Token);
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\" WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync(TestTimeout.Token))!;
    }
}
