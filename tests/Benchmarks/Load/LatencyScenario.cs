using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// What Host adds to a model call, next to what a plain reverse proxy adds: the same turn sent directly to the
/// upstream, through nginx in front of the upstream, and through Host, in triples, by <c>concurrency</c> clients at
/// once. Triples rotate which path goes first, so no path is always the one that finds a warm connection or a busy
/// core. Host's side includes everything a chat request costs there: access-token validation, request validation,
/// prompt assembly and history trimming, the upstream client, and re-framing every chunk.
/// </summary>
public sealed class LatencyScenario(ChatStreamClient client, ChatRequest direct, ChatRequest viaNginx, Func<int, ChatRequest> throughHost, ProcessSampler hostProcess)
{
    // A latency request that takes this long has failed for the purpose of this scenario.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Turns at <paramref name="concurrency"/> that count for nothing: they get Host's hot code compiled before any level is measured.</summary>
    public Task WarmUpAsync(int concurrency, int triples) => RunTriplesAsync(concurrency, triples);

    public async Task<LatencyResult> RunAsync(int concurrency, int triples, int warmupTriples)
    {
        await RunTriplesAsync(concurrency, warmupTriples);
        var cpuBefore = hostProcess.CpuTime();
        var compilerBefore = hostProcess.BackgroundCompilerCpuTime();
        var outcomes = await RunTriplesAsync(concurrency, triples);
        var compiler = hostProcess.BackgroundCompilerCpuTime() - compilerBefore;
        return LatencyResult.From(concurrency, outcomes[0], outcomes[1], outcomes[2], hostProcess.CpuTime() - cpuBefore,
            compiler > TimeSpan.Zero ? compiler : TimeSpan.Zero);
    }

    /// <returns>The outcomes of the direct, nginx and Host requests, in that order.</returns>
    private async Task<List<StreamOutcome>[]> RunTriplesAsync(int concurrency, int triples)
    {
        var outcomes = new[] { new List<StreamOutcome>(triples), new List<StreamOutcome>(triples), new List<StreamOutcome>(triples) };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            ChatRequest[] paths = [direct, viaNginx, throughHost(worker)];
            int triple;
            while ((triple = Interlocked.Increment(ref next)) < triples)
            {
                var measured = new StreamOutcome[3];
                for (var k = 0; k < 3; k++)
                {
                    var path = (triple + k) % 3;
                    measured[path] = await SendAsync(paths[path]);
                }
                lock (outcomes)
                {
                    for (var path = 0; path < 3; path++) outcomes[path].Add(measured[path]);
                }
            }
        }));
        return outcomes;
    }

    private async Task<StreamOutcome> SendAsync(ChatRequest request)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        return await client.SendAsync(request, RequestTimeout, timeout.Token);
    }
}
