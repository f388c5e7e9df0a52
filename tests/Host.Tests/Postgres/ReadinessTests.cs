using System.Net;
using ChatWidget.Host.Tests.Support;
using ChatWidget.TestServers;
using Npgsql;

namespace ChatWidget.Host.Tests.Postgres;

/// <summary>A PostgreSQL outage while Host runs: /readyz says so with 503, and says nothing of where the database is.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    // A cluster of this test's own: stopping the shared one would fail every other PostgreSQL test running meanwhile.
    private PostgresServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Readiness_is_503_without_the_address_while_PostgreSQL_is_down_and_200_once_it_is_back()
    {
        var platforms = new TestPlatforms();
        using var host = PostgresHosts.Start(platforms, await _server.CreateDatabaseAsync());
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await CheckpointAsync();

        await _server.StopAsync();
        var down = await client.GetAsync("/readyz");
        var body = await down.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"Unhealthy\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        Assert.DoesNotContain("chatwidget", body, StringComparison.OrdinalIgnoreCase);
        // Sessions go on meanwhile: the signing keys are in memory.
        var token = await host.AccessTokenAsync(platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, host.Clock.GetUtcNow())));
        Assert.False(string.IsNullOrEmpty(token));

        await _server.StartAgainAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    /// <summary>The test cluster commits asynchronously, so an immediate stop could lose the last commits: write them out first.</summary>
    private async Task CheckpointAsync()
    {
        await using var connection = new NpgsqlConnection(_server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CHECKPOINT", connection);
        await command.ExecuteNonQueryAsync();
    }
}
