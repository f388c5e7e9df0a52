using ChatWidget.Admin.Configuration;
using ChatWidget.TestServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>PostgreSQL unreachable at start, and going away while the store runs.</summary>
public sealed class PostgresOutageTests
{
    private const string Password = "pg-PASSWORD-never-in-a-message-1618";

    [Fact]
    public async Task An_unreachable_database_at_start_fails_with_one_line_naming_the_setting_and_not_the_password()
    {
        await using var store = ConfigurationStoreHarness.Create(new Dictionary<string, string?>
        {
            ["ChatWidget:Database:Provider"] = DatabaseProviders.Postgres,
            ["ConnectionStrings:ChatWidget"] = $"Host=127.0.0.1;Port={FreePort.Next()};Database=chatwidget;Username=chatwidget;Password={Password};Timeout=3",
        });

        var error = await Assert.ThrowsAsync<ConfigurationDatabaseUnavailableException>(() => store.Services.PrepareConfigurationStoreAsync(TestTimeout.Token));

        Assert.StartsWith("Cannot use the PostgreSQL database named by ConnectionStrings:ChatWidget (host 127.0.0.1, port ", error.Message, StringComparison.Ordinal);
        Assert.Contains("database chatwidget, user chatwidget): Connection refused.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_database_that_refuses_the_login_fails_with_the_server_s_reason()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() + ";Username=nobody-here;Password=" + Password;
        await using var store = ConfigurationStoreHarness.Create(new Dictionary<string, string?>
        {
            ["ChatWidget:Database:Provider"] = DatabaseProviders.Postgres,
            ["ConnectionStrings:ChatWidget"] = connectionString,
        });

        var error = await Assert.ThrowsAsync<ConfigurationDatabaseUnavailableException>(() => store.Services.PrepareConfigurationStoreAsync(TestTimeout.Token));

        Assert.Contains("role \"nobody-here\" does not exist (SQLSTATE 28000)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_the_last_snapshot_stays_in_service_and_a_change_shows_once_it_is_back()
    {
        // A cluster of this test's own: stopping the shared one would fail every other PostgreSQL test running meanwhile.
        await using var server = await PostgresServer.StartAsync();
        await using var store = ConfigurationStoreHarness.Create(TestDatabase.Postgres(await server.CreateDatabaseAsync()));
        await store.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);
        var before = await store.Live.CurrentAsync(TestTimeout.Token);
        await CheckpointAsync(server);

        await server.StopAsync();
        store.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));
        store.Services.GetRequiredService<IConfigurationChangeNotifier>().NotifyChanged();
        Assert.Same(before, await store.Live.CurrentAsync(TestTimeout.Token));

        await server.StartAgainAsync();
        await using (var db = store.OpenForeignContext())
        {
            (await db.Profiles.SingleAsync(p => p.Id == DemoConfiguration.ProfileId, TestTimeout.Token)).Title = "After the outage";
            await db.SaveChangesAsync(TestTimeout.Token);
        }

        store.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("After the outage", (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles[DemoConfiguration.ProfileId].Title);
    }

    /// <summary>The test cluster commits asynchronously, so an immediate stop could lose the last commits: write them out first.</summary>
    private static async Task CheckpointAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(TestTimeout.Token);
        await using var command = new NpgsqlCommand("CHECKPOINT", connection);
        await command.ExecuteNonQueryAsync(TestTimeout.Token);
    }
}
