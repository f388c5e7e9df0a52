using System.Net;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Usage;
using ChatWidget.Admin.Tests.Dashboard;
using ChatWidget.Host.Observability;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>Two Host instances sharing one PostgreSQL database add to the same usage rows without losing a turn.</summary>
public sealed class PostgresUsageTests
{
    [Fact]
    public async Task Turns_on_two_instances_are_all_counted_even_when_their_batches_meet()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        void Postgres(IWebHostBuilder web) => web
            .UseSetting("ChatWidget:Database:Provider", DatabaseProviders.Postgres)
            .UseSetting("ConnectionStrings:ChatWidget", database);
        await using var first = new DashboardHost(Postgres);
        await using var second = new DashboardHost(Postgres);
        for (var round = 0; round < 3; round++)
        {
            // A session per round and instance keeps every turn under the per-session rate limit.
            var firstToken = await first.LaunchAccessTokenAsync();
            var secondToken = await second.LaunchAccessTokenAsync();
            for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await first.ChatAsync(firstToken)).StatusCode);
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await second.ChatAsync(secondToken)).StatusCode);
            // Both instances write the same (day, platform, profile, model) rows at the same moment.
            await Task.WhenAll(
                first.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None),
                second.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None));
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await first.Services.GetRequiredService<UsageStore>().ReadAsync(new UsageFilter(today, today), CancellationToken.None);
        Assert.Equal(21, Assert.Single(rows.Days).Turns);
        Assert.Equal(21, rows.Buckets.Sum(b => b.Count));
    }
}
