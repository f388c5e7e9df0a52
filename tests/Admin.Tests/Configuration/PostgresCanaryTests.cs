using System.Net;
using System.Net.Http.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Dashboard;
using ChatWidget.Host.Observability;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class PostgresCanaryTests
{
    [Fact]
    public async Task After_a_chat_turn_no_table_holds_the_conversation_or_the_learner_id()
    {
        const string canary = "canary-conversation-7f1b93 what is due this week?";
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var host = new DashboardHost(web => web
            .UseSetting("ChatWidget:Database:Provider", DatabaseProviders.Postgres)
            .UseSetting("ConnectionStrings:ChatWidget", database));
        var token = await host.LaunchAccessTokenAsync();

        var answer = await host.WithTokenAsync(HttpMethod.Post, "/v1/chat/completions", token,
            JsonContent.Create(new { messages = new[] { new { role = "user", content = canary } }, stream = false }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        // The turn's usage aggregate is written too, so the dump covers the usage tables.
        await host.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);
        var rows = await PostgresDump.AllRowsAsync(database);
        Assert.Contains(rows, r => r.Contains("support", StringComparison.Ordinal) && r.Contains("offline", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Course assistant", StringComparison.Ordinal)); // the dump does see the data
        Assert.DoesNotContain(rows, r => r.Contains("canary-conversation", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("learner-1", StringComparison.Ordinal));
    }
}
