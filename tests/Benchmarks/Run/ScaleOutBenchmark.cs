using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Upstream;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// Section 8: one redis-server, two Hosts sharing it and one data directory (so one set of signing keys), and two
/// nginx processes, one in front of the first Host and one in front of both. The three arms (a Host direct, nginx and
/// one Host, nginx and two Hosts) take turns, round after round, each round in another order, so that the machine's
/// other work falls on all of them.
/// </summary>
public sealed class ScaleOutBenchmark(BenchmarkSettings settings, RepositoryPaths paths, UpstreamProcess upstream, ChatStreamClient client)
{
    private const string Profile = "latency";
    private const string KeyPrefix = "bench-scale:";

    // Between windows: the previous arm's connections go idle, its last charges reach Redis.
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);


    public async Task<ScaleOutResult> RunAsync()
    {
        Console.WriteLine("\n== Scale-out: one Host, nginx and one Host, nginx and two Hosts (starting redis-server, two Hosts, two nginx)");
        await using var redis = await RedisProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("chatwidget-bench-scale-");
        try
        {
            var platform = BenchPlatform.Hs256("bench-hs", [Profile]);
            var seed = BenchSeed.Write(work.FullName, upstream.Address, new Dictionary<string, StreamShape> { [Profile] = settings.LatencyShape }, [platform]);
            var data = Path.Combine(work.FullName, "data");
            // Behind nginx, as deployed: the client's address and scheme come from X-Forwarded-For and -Proto.
            var environment = CountedLimits.Environment(redis.ConnectionString, KeyPrefix,
                new Dictionary<string, string>(settings.HostEnvironment) { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });
            var library = settings.Clients[0];
            // The second Host starts once the first has created the database, the Data Protection keys and Host's
            // signing keys in the shared data directory, and finds them there.
            using var first = await HostProcess.StartAsync(paths, data, seed, library, environment, client.Http);
            using var second = await HostProcess.StartAsync(paths, data, seed, library, environment, client.Http);
            using var nginxOne = await NginxProcess.StartAsync([first.Address], client.Http);
            using var nginxTwo = await NginxProcess.StartAsync([first.Address, second.Address], client.Http);
            ServingArm[] arms =
            [
                new("one Host, direct", first.Address, ProcessGroup.Of(first.ProcessId), null),
                new("nginx + one Host", nginxOne.Address, ProcessGroup.Of(first.ProcessId), ProcessGroup.WithChildren(nginxOne.ProcessId)),
                new("nginx + two Hosts", nginxTwo.Address, ProcessGroup.Of(first.ProcessId, second.ProcessId), ProcessGroup.WithChildren(nginxTwo.ProcessId)),
            ];

            var scenario = new ScaleOutScenario(client, platform, Profile, settings.ScaleOutClients, new ProcessSampler(redis.ProcessId), ChatRequest.Turn);
            var windows = arms.ToDictionary(a => a, _ => new List<ScaleOutWindow>());
            var launchWindow = TimeSpan.FromSeconds(settings.ScaleOutLaunchSeconds);
            var chatWindow = TimeSpan.FromSeconds(settings.ScaleOutChatSeconds);
            // Every Host's code is compiled and its connections are open before anything counts.
            var warmupWindow = TimeSpan.FromSeconds(settings.ScaleOutLaunchSeconds / 2.0);
            foreach (var arm in arms)
            {
                Console.WriteLine($"   warm-up, {arm.Name}");
                await scenario.RunAsync(arm, warmupWindow, warmupWindow);
            }
            for (var round = 0; round < settings.ScaleOutRounds; round++)
            {
                for (var k = 0; k < arms.Length; k++)
                {
                    var arm = arms[(round + k) % arms.Length];
                    await Task.Delay(SettleTime);
                    Console.WriteLine($"   round {round + 1}, {arm.Name}: {settings.ScaleOutClients} clients, {launchWindow.TotalSeconds:F0} s of launches, {chatWindow.TotalSeconds:F0} s of chat turns");
                    var window = await scenario.RunAsync(arm, launchWindow, chatWindow);
                    Console.WriteLine($"     {window.Launches / window.LaunchSeconds:F0} launches/s ({window.LaunchFailures} failed), " +
                        $"{window.AnswersInWindow} answers ({window.TurnFailures} failed), first token p50 {Distribution.Of(window.FirstTokenMs).P50:F2} ms");
                    windows[arm].Add(window);
                }
            }
            return new ScaleOutResult(redis.Version, await NginxProcess.VersionAsync(), settings.ScaleOutClients, launchWindow.TotalSeconds, chatWindow.TotalSeconds, settings.ScaleOutRounds,
                arms.Select(a => ScaleOutArmResult.From(a, windows[a])).ToArray(), nginxTwo.Configuration);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
