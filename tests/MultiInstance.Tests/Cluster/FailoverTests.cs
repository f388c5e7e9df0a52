using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// nginx's passive failover (deploy/nginx/chatwidget.conf, <c>proxy_next_upstream error timeout</c>): a request moves to
/// another instance only when nothing of it reached the first one, or when it is idempotent; a POST that reached an
/// instance is never sent to a second one, so a launch token cannot be used twice that way.
/// </summary>
public sealed class FailoverTests
{
    [Fact(Timeout = 300_000)]
    public async Task RequestsGoToTheInstanceLeftWhenOneIsDown()
    {
        await using var cluster = await HostCluster.StartAsync(instances: 2, new HostClusterOptions { SharedDataDirectory = true });
        using var client = cluster.CreateClient();
        var down = cluster[0];
        Assert.True(down.ResidentBytes() > 10 * 1024 * 1024, "Host's resident memory should be read from /proc.");

        down.Kill();
        Assert.False(down.IsRunning);

        // Connections to the dead instance are refused: nothing was sent, so even a POST moves on.
        for (var i = 0; i < 4; i++)
        {
            using var health = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.NotEmpty(await cluster.LaunchAsync(client));
        }

        // Back on the same port with the same data directory; SIGTERM ends it cleanly.
        await down.StartAgainAsync();
        using (var direct = await cluster.CreateDirectClient(down).GetAsync("/readyz")) Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(0, await down.StopAsync());
        Assert.Contains(down.OutputLines, l => l.StartsWith("=== host-0 start 2", StringComparison.Ordinal));
    }

    [Fact(Timeout = 300_000)]
    public async Task PostThatReachedAnInstanceIsNotResent()
    {
        // An "instance" that takes each request and hangs up without answering, as a crash mid-request would.
        // max_fails=0: nginx keeps sending it its share of requests instead of setting it aside.
        await using var blackHole = BlackHoleUpstream.Start();
        await using var cluster = await HostCluster.StartAsync(instances: 1, new HostClusterOptions
        {
            ExtraUpstreams = [$"127.0.0.1:{blackHole.Port} max_fails=0"],
        });
        using var client = cluster.CreateClient();

        // Idempotent requests are tried again on the real instance.
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains(blackHole.Requests, r => r.StartsWith("GET /healthz", StringComparison.Ordinal));

        // A launch whose request reached the black hole fails (502) and its token was never seen by Host: it still works.
        var launchesLost = 0;
        for (var i = 0; i < 6 && launchesLost == 0; i++)
        {
            var launchToken = cluster.Seed.MintLaunchToken();
            var before = blackHole.Requests.Count;
            using var response = await client.PostAsync("/api/token", ChatApi.LaunchForm(launchToken));
            if (blackHole.Requests.Count == before)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.NotEmpty(await ChatApi.ExchangeAsync(cluster.CreateDirectClient(cluster[0]), launchToken));
            launchesLost++;
        }

        Assert.True(launchesLost == 1, $"No launch reached the black hole.\n{cluster.Diagnostics()}");
    }
}
