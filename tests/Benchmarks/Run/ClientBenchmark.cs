using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Upstream;
using ChatWidget.Host.Llm;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// Starts Host with one client library against the running fake upstream, then runs the launch exchanges, the
/// added-latency triples (direct, through the nginx yardstick, through Host), the answers-in-the-same-time windows and
/// the concurrent-stream levels against it, in that order, and stops it.
/// </summary>
public sealed class ClientBenchmark(BenchmarkSettings settings, RepositoryPaths paths, UpstreamProcess upstream, NginxProcess yardstick, ChatStreamClient client)
{
    private const string LatencyProfile = "latency";
    private const string StreamsProfile = "streams";

    // Between levels: let the previous level's connections close and Host settle, so each level starts from idle.
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    public async Task<ClientRun> RunAsync(OpenAiClientLibrary library)
    {
        var workDirectory = Directory.CreateTempSubdirectory("chatwidget-bench-");
        try
        {
            var es256 = BenchPlatform.Es256("bench-es", [StreamsProfile, LatencyProfile]);
            var hs256 = BenchPlatform.Hs256("bench-hs", [LatencyProfile, StreamsProfile]);
            var seed = BenchSeed.Write(workDirectory.FullName, upstream.Address,
                new Dictionary<string, StreamShape> { [LatencyProfile] = settings.LatencyShape, [StreamsProfile] = settings.StreamShape },
                [es256, hs256]);

            Console.WriteLine($"\n== {library} client: starting Host");
            using var host = await HostProcess.StartAsync(paths, Path.Combine(workDirectory.FullName, "data"), seed, library, settings.HostEnvironment, client.Http);
            var hostProcess = new ProcessSampler(host.ProcessId);
            var exchange = new LaunchExchangeScenario(client.Http, host.Address, hostProcess);

            Console.WriteLine("   launch exchanges (ES256 sessions stream, HS256 sessions measure latency)");
            var streamSessions = await exchange.RunAsync(es256, StreamsProfile,
                Math.Max(settings.Exchanges, settings.StreamLevels.Max()), settings.ExchangeConcurrency);
            var latencySessions = await exchange.RunAsync(hs256, LatencyProfile,
                Math.Max(settings.Exchanges, settings.LatencyConcurrency.Max()), settings.ExchangeConcurrency);

            var latency = await MeasureLatencyAsync(host, hostProcess, latencySessions.AccessTokens);
            var throughput = await MeasureThroughputAsync(host, latencySessions.AccessTokens);
            var streams = await MeasureStreamsAsync(host, hostProcess, streamSessions.AccessTokens);
            return new ClientRun(library, [streamSessions, latencySessions], latency, streams, throughput);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    private async Task<List<LatencyResult>> MeasureLatencyAsync(HostProcess host, ProcessSampler hostProcess, IReadOnlyList<string> sessions)
    {
        var scenario = new LatencyScenario(client, Direct(upstream.Address), Direct(yardstick.Address), worker => ThroughHost(host, sessions[worker]), hostProcess);
        var results = new List<LatencyResult>();
        var busiest = settings.LatencyConcurrency.Max();
        Console.WriteLine($"   warm-up: {settings.WarmupPairs * 4} triples at concurrency {busiest}");
        await scenario.WarmUpAsync(busiest, settings.WarmupPairs * 4);
        foreach (var concurrency in settings.LatencyConcurrency)
        {
            Console.WriteLine($"   added latency at concurrency {concurrency}: {settings.LatencyPairs} triples (direct, nginx, Host)");
            var result = await scenario.RunAsync(concurrency, settings.LatencyPairs, settings.WarmupPairs);
            Console.WriteLine($"     first token: nginx +{result.NginxAddedFirstTokenP50:F2} ms p50 / +{result.NginxAddedFirstTokenP99:F2} ms p99, " +
                $"Host +{result.AddedFirstTokenP50:F2} ms p50 / +{result.AddedFirstTokenP99:F2} ms p99; Host CPU {result.HostCpuMillisecondsPerTurn:F2} ms a turn " +
                $"({result.HostCpuMillisecondsPerTurnWithoutJit:F2} ms without background JIT); failures {result.Failures}");
            results.Add(result);
        }
        return results;
    }

    private async Task<ThroughputResult?> MeasureThroughputAsync(HostProcess host, IReadOnlyList<string> sessions)
    {
        if (settings.ThroughputSeconds == 0) return null;
        var concurrency = settings.LatencyConcurrency.Max();
        var scenario = new ThroughputScenario(client, Direct(upstream.Address), Direct(yardstick.Address), worker => ThroughHost(host, sessions[worker]));
        Console.WriteLine($"   answers completed in {settings.ThroughputSeconds} s per path at concurrency {concurrency}");
        var result = await scenario.RunAsync(concurrency, TimeSpan.FromSeconds(settings.ThroughputSeconds));
        Console.WriteLine($"     direct {result.Direct}, nginx {result.Nginx} ({result.NginxShare:P0}), Host {result.Host} ({result.HostShare:P0}); failures {result.Failures}");
        return result;
    }

    /// <summary>The latency turn sent to the fake upstream itself, or to the nginx in front of it.</summary>
    private ChatRequest Direct(Uri server) =>
        new(new Uri(new Uri(server, upstream.BaseUrl(settings.LatencyShape).AbsolutePath) + "/chat/completions"), BenchConversation.UpstreamRequestBody);

    private async Task<List<StreamsResult>> MeasureStreamsAsync(HostProcess host, ProcessSampler hostProcess, IReadOnlyList<string> sessions)
    {
        var scenario = new ConcurrentStreamsScenario(client, i => ThroughHost(host, sessions[i]), settings.StreamShape,
            TimeSpan.FromMilliseconds(settings.RampUpMilliseconds), hostProcess);
        var results = new List<StreamsResult>();
        foreach (var streams in settings.StreamLevels)
        {
            await Task.Delay(SettleTime);
            Console.WriteLine($"   {streams} simultaneous streams ({settings.StreamShape}; all started within {settings.RampUpMilliseconds} ms)");
            var result = await scenario.RunAsync(streams);
            Console.WriteLine($"     completed {result.Completed}, errors {result.Errors}, stalls {result.Stalls}, " +
                $"{result.FramesPerSecond:F0} frames/s, Host CPU {result.HostCpuPercent:F0}%, peak RSS {result.PeakResidentBytes / 1048576.0:F0} MiB");
            results.Add(result);
        }
        return results;
    }

    private static ChatRequest ThroughHost(HostProcess host, string accessToken) => ChatRequest.Turn(host.Address, accessToken);
}
