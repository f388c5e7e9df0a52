using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// CONTRACT §7 with Redis gone: launches fail closed on every instance and through nginx (no launch token can be
/// exchanged once per instance), live chats go on under each instance's own limits, /readyz says Degraded and names Redis
/// without its address or password. With Redis back, launches and shared limits resume, and no Host was restarted.
/// </summary>
public sealed class RedisOutageTests
{
    private const int SessionBurst = 3;

    [Fact(Timeout = 300_000)]
    public async Task WithoutRedisLaunchesFailClosedAndLiveChatsGoOnAndWithItBackSharedLimitsResume()
    {
        await using var shared = await SharedStateCluster.StartAsync(new HostClusterOptions()
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:Burst", SessionBurst.ToString(CultureInfo.InvariantCulture))
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:PerMinute", "1")
            // Probing for Redis's return takes a launch every 200 ms from 127.0.0.1: the per-address launch limit is not under test.
            .WithSetting("ChatWidget:RateLimits:TokenPerIp:Burst", "1000")
            .WithSetting("ChatWidget:Llm:OfflineWordDelayMilliseconds", "0"));
        var cluster = shared.Cluster;
        var redis = shared.Redis;
        var a = cluster.CreateDirectClient(cluster[0]);
        var b = cluster.CreateDirectClient(cluster[1]);
        var nginx = cluster.CreateClient();
        HttpClient[] everywhere = [a, b, nginx];
        var processes = cluster.Instances.Select(i => i.ProcessId).ToList();

        var usedBeforeTheOutage = cluster.Seed.MintLaunchToken();
        var live = await ChatApi.ExchangeAsync(a, usedBeforeTheOutage);
        var neverUsed = cluster.Seed.MintLaunchToken();

        await redis.StopAsync();

        // Fail closed: neither a token already used nor a fresh one is exchanged anywhere.
        foreach (var launchToken in new[] { usedBeforeTheOutage, neverUsed })
        {
            foreach (var client in everywhere)
            {
                using var launch = await client.PostAsync("/api/token", ChatApi.LaunchForm(launchToken));
                var body = await launch.Content.ReadAsStringAsync();
                Assert.True(launch.StatusCode == HttpStatusCode.ServiceUnavailable, $"A launch on {client.BaseAddress} without Redis: {(int)launch.StatusCode} {body}");
                Assert.Equal("temporarily_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
                Assert.True(launch.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {launch.Headers.RetryAfter}");
            }
        }

        // The live session chats on everywhere, and refreshes.
        foreach (var client in everywhere)
        {
            using var turn = await client.SendAsync(ChatApi.Completion(live, stream: false));
            Assert.True(turn.StatusCode == HttpStatusCode.OK, $"A live chat on {client.BaseAddress} without Redis: {(int)turn.StatusCode} {await turn.Content.ReadAsStringAsync()}");
        }

        using (var refresh = await b.PostAsync("/api/token", ChatApi.RefreshForm(live))) Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);

        foreach (var client in everywhere)
        {
            using var ready = await client.GetAsync("/readyz");
            var readiness = await ready.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var json = JsonDocument.Parse(readiness);
            Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("Degraded", json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.DoesNotContain(redis.Port.ToString(CultureInfo.InvariantCulture), readiness, StringComparison.Ordinal);
            Assert.DoesNotContain(redis.Password!, readiness, StringComparison.Ordinal);
        }

        Assert.All(cluster.Instances, i => Assert.DoesNotContain(i.OutputLines, l => l.Contains(redis.Password!, StringComparison.Ordinal)));

        await redis.StartAgainAsync();

        // Each instance reconnects by itself.
        foreach (var client in everywhere) await WaitUntilLaunchesWorkAsync(cluster, client, shared);

        // The token refused during the outage was never used: it works now, once.
        using (var late = await b.PostAsync("/api/token", ChatApi.LaunchForm(neverUsed))) Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        using (var again = await a.PostAsync("/api/token", ChatApi.LaunchForm(neverUsed)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal("invalid_grant", await ChatApi.TokenErrorAsync(again));
        }

        // A new session's bucket is counted on both again: A, B, A take the burst; B alone would still have turns left.
        var fresh = await cluster.LaunchAsync(a);
        for (var turn = 0; turn < SessionBurst; turn++)
        {
            using var answered = await (turn % 2 == 0 ? a : b).SendAsync(ChatApi.Completion(fresh, stream: false));
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        foreach (var client in new[] { b, nginx })
        {
            using var refused = await client.SendAsync(ChatApi.Completion(fresh, stream: false));
            Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, $"{client.BaseAddress} answered {(int)refused.StatusCode} after the shared burst.\n{shared.Diagnostics()}");
        }

        foreach (var client in everywhere)
        {
            using var ready = await client.GetAsync("/readyz");
            Assert.Equal("Healthy", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        // All of it without restarting Host.
        Assert.Equal(processes, cluster.Instances.Select(i => i.ProcessId));
        Assert.All(cluster.Instances, i => Assert.True(i.IsRunning));
        Assert.All(cluster.Instances, i => Assert.DoesNotContain(i.OutputLines, l => l.StartsWith($"=== {i.Name} start 2", StringComparison.Ordinal)));
    }

    /// <summary>Fresh launches through <paramref name="client"/> until one is answered 200 (each new token is used once).</summary>
    private static async Task WaitUntilLaunchesWorkAsync(HostCluster cluster, HttpClient client, SharedStateCluster shared)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var launch = await client.PostAsync("/api/token", ChatApi.LaunchForm(cluster.Seed.MintLaunchToken()));
            if (launch.StatusCode == HttpStatusCode.OK) return;
            Assert.True(launch.StatusCode == HttpStatusCode.ServiceUnavailable, $"A launch on {client.BaseAddress} answered {(int)launch.StatusCode}.");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"Launches on {client.BaseAddress} did not work again within 30 s of Redis's return.\n{shared.Diagnostics()}");
            await Task.Delay(200);
        }
    }
}
