using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>nginx in front of two Host instances, each with its own SQLite data directory, spreads requests over both.</summary>
public sealed class LoadBalancingTests
{
    // Hosting's request lines ("Request starting HTTP/1.1 GET http://HOST/PATH?QUERY") tell which instance served what.
    private static readonly HostClusterOptions Options = new HostClusterOptions()
        .WithSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");

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

        // Each probe reached exactly one instance (no request was sent twice), and each instance got some.
        var served = new Dictionary<HostInstance, int>();
        foreach (var probe in probes)
        {
            var line = await WaitForAnyAsync(cluster, l => l.Contains($"probe={probe}", StringComparison.Ordinal));
            Assert.Single(cluster.Instances, i => i.OutputLines.Any(l => l.Contains($"probe={probe}", StringComparison.Ordinal)));
            served[line.Instance] = served.GetValueOrDefault(line.Instance) + 1;
            // The Host header reaches Host as the client sent it (nginx: proxy_set_header Host $http_host), port included.
            Assert.Contains($"http://127.0.0.1:{cluster.Nginx.Port}/healthz", line.Line);
        }

        Assert.All(cluster.Instances, i => Assert.True(served.GetValueOrDefault(i) > 0, $"{i} served none of the 10 requests.\n{cluster.Diagnostics()}"));

        // Both instances verify the platform's launch tokens and mint access tokens, each with its own keys.
        for (var i = 0; i < 4; i++) Assert.NotEmpty(await cluster.LaunchAsync(client));
        foreach (var instance in cluster.Instances)
            await instance.WaitForOutputAsync(l => l.Contains("POST http://", StringComparison.Ordinal) && l.Contains("/api/token", StringComparison.Ordinal),
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

    private static async Task<(HostInstance Instance, string Line)> WaitForAnyAsync(HostCluster cluster, Func<string, bool> predicate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var instance in cluster.Instances)
            {
                if (instance.OutputLines.FirstOrDefault(predicate) is { } line) return (instance, line);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No instance logged the request.\n{cluster.Diagnostics()}");
    }
}
