using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Upstream;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// Section 7: a redis-server of its own and two Hosts alike (the run's first client library, limits and budgets counted
/// but never refusing, each its own data directory) but for <c>ConnectionStrings:Redis</c>, both running at once so
/// that their requests can alternate; then everything is stopped.
/// </summary>
public sealed class SharedStateBenchmark(BenchmarkSettings settings, RepositoryPaths paths, UpstreamProcess upstream, ChatStreamClient client)
{
    private const string Profile = "latency";
    private const string KeyPrefix = "bench-state:";

    public async Task<SharedStateResult> RunAsync()
    {
        Console.WriteLine("\n== Shared state: in-memory vs Redis (starting redis-server and two Hosts)");
        await using var redis = await RedisProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("chatwidget-bench-state-");
        try
        {
            var platform = BenchPlatform.Hs256("bench-hs", [Profile]);
            var seed = BenchSeed.Write(work.FullName, upstream.Address, new Dictionary<string, StreamShape> { [Profile] = settings.LatencyShape }, [platform]);
            var library = settings.Clients[0];
            using var memoryHost = await HostProcess.StartAsync(paths, Path.Combine(work.FullName, "memory"), seed, library,
                CountedLimits.Environment(null, KeyPrefix, settings.HostEnvironment), client.Http);
            using var redisHost = await HostProcess.StartAsync(paths, Path.Combine(work.FullName, "redis"), seed, library,
                CountedLimits.Environment(redis.ConnectionString, KeyPrefix, settings.HostEnvironment), client.Http);
            var scenario = new SharedStateScenario(client, platform, Profile,
                new ComparedHost("in-memory", memoryHost.Address, new ProcessSampler(memoryHost.ProcessId)),
                new ComparedHost("Redis", redisHost.Address, new ProcessSampler(redisHost.ProcessId)),
                redis, ChatRequest.Turn);
            return await scenario.RunAsync(settings.SharedStateLaunchPairs, settings.SharedStateTurnPairs, settings.SharedStateWarmupPairs);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
