using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>CONTRACT §7: a session's token budget is one budget, whichever instances its turns reach.</summary>
public sealed class SessionBudgetAcrossInstancesTests
{
    [Fact(Timeout = 300_000)]
    public async Task SessionsTokenBudgetCountsTurnsOnBothInstancesTogether()
    {
        // The offline answer costs far more than 5 tokens: one turn, on either instance, uses the session's budget up.
        await using var shared = await SharedStateCluster.StartAsync(new HostClusterOptions()
            .WithSetting("ChatWidget:Budgets:SessionTokens", "5")
            .WithSetting("ChatWidget:Llm:OfflineWordDelayMilliseconds", "0"));
        var cluster = shared.Cluster;
        var a = cluster.CreateDirectClient(cluster[0]);
        var b = cluster.CreateDirectClient(cluster[1]);
        var accessToken = await cluster.LaunchAsync(a);

        using (var first = await a.SendAsync(ChatApi.Completion(accessToken, stream: false)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        foreach (var client in new[] { b, cluster.CreateClient() })
        {
            using var refused = await client.SendAsync(ChatApi.Completion(accessToken, stream: false));
            Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, $"{client.BaseAddress} answered {(int)refused.StatusCode}.\n{shared.Diagnostics()}");
            Assert.Equal("budget_exhausted", await ChatApi.ChatErrorCodeAsync(refused));
        }

        // Another session has its own budget.
        using var other = await b.SendAsync(ChatApi.Completion(await cluster.LaunchAsync(b), stream: false));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
