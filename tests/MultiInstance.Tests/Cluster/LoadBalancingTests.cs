using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>nginx in front of two Host instances, each with its own SQLite data directory, spreads requests over both.</summary>
public sealed class LoadBalancingTests
{
    // Host's request lines ("GET http://HOST/PATH answered 200 in 1.2 ms") show the Host header each instance saw.
    private static readonly HostClusterOptions Options = new HostClusterOptions()
        .WithSetting("Logging:LogLevel:ChatWidget.Host.Requests", "Information");

    [Fact(Timeout = 300_000)]
    public async Task EachInstanceAnswersThroughNginx()
    {
        await using var cluster = await HostCluster.StartAsync(instances: 2, Options);
        using var client = cluster.CreateClient();

        var probes = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var probe in probes)
        {
            using var response = await client.GetAsync($"/healthz?probe={probe}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Each probe reached exactly one instance (nginx names one upstream: no request was sent twice), and each instance got some.
        var served = new Dictionary<HostInstance, int>();
        foreach (var probe in probes)
        {
            var line = Assert.Single(cluster.Nginx.AccessLog(), l => l.Contains($"probe={probe}", StringComparison.Ordinal));
            var instance = Assert.Single(cluster.Instances, i => line.Contains($"upstream=127.0.0.1:{i.Port} ", StringComparison.Ordinal));
            served[instance] = served.GetValueOrDefault(instance) + 1;
        }

        Assert.All(cluster.Instances, i => Assert.True(served.GetValueOrDefault(i) > 0, $"{i} served none of the 10 requests.\n{cluster.Diagnostics()}"));
        // The Host header reaches Host as the client sent it (nginx: proxy_set_header Host $http_host), port included; the
        // query string never reaches Host's log.
        foreach (var instance in served.Keys)
        {
            await instance.WaitForOutputAsync(l => l.Contains($"GET http://127.0.0.1:{cluster.Nginx.Port}/healthz answered 200", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            Assert.DoesNotContain(instance.OutputLines, l => l.Contains("probe=", StringComparison.Ordinal));
        }

        // Both instances verify the platform's launch tokens and mint access tokens, each with its own keys.
        for (var i = 0; i < 4; i++) Assert.NotEmpty(await cluster.LaunchAsync(client));
        foreach (var instance in cluster.Instances)
            await instance.WaitForOutputAsync(l => l.Contains("POST http://", StringComparison.Ordinal) && l.Contains("/api/token answered 200", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));

        // Taking an instance out of upstreams.conf and reloading nginx sends everything to the other one.
        var remaining = cluster[1];
        await cluster.Nginx.SetUpstreamsAsync([$"127.0.0.1:{remaining.Port} {HostCluster.ShippedUpstreamParameters()}"]);
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/healthz?after-reload={i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var afterReload = cluster.Nginx.AccessLog().Where(l => l.Contains("after-reload", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, afterReload.Count);
        Assert.All(afterReload, l => Assert.Contains($"upstream=127.0.0.1:{remaining.Port} ", l));
    }
}
