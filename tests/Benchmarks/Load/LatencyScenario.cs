using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// What Host adds to a model call: the same turn sent directly to the upstream and through Host, in pairs, by
/// <c>concurrency</c> clients at once. Pairs alternate which path goes first, so neither path is always the one
/// that finds a warm connection or a busy core. Host's side includes everything a chat request costs there:
/// access-token validation, request validation, prompt assembly and history trimming, the upstream client, and
/// re-framing every chunk.
/// </summary>
public sealed class LatencyScenario(ChatStreamClient client, ChatRequest direct, Func<int, ChatRequest> throughHost, ProcessSampler hostProcess)
{
    // A latency request that takes this long has failed for the purpose of this scenario.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public async Task<LatencyResult> RunAsync(int concurrency, int pairs, int warmupPairs)
    {
        await RunPairsAsync(concurrency, warmupPairs);
        var cpuBefore = hostProcess.CpuTime();
        var (directOutcomes, hostOutcomes) = await RunPairsAsync(concurrency, pairs);
        return LatencyResult.From(concurrency, directOutcomes, hostOutcomes, hostProcess.CpuTime() - cpuBefore);
    }

    private async Task<(List<StreamOutcome> Direct, List<StreamOutcome> Host)> RunPairsAsync(int concurrency, int pairs)
    {
        var directOutcomes = new List<StreamOutcome>(pairs);
        var hostOutcomes = new List<StreamOutcome>(pairs);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var viaHost = throughHost(worker);
            int pair;
            while ((pair = Interlocked.Increment(ref next)) < pairs)
            {
                var hostFirst = pair % 2 == 1;
                var first = await SendAsync(hostFirst ? viaHost : direct);
                var second = await SendAsync(hostFirst ? direct : viaHost);
                lock (directOutcomes)
                {
                    directOutcomes.Add(hostFirst ? second : first);
                    hostOutcomes.Add(hostFirst ? first : second);
                }
            }
        }));
        return (directOutcomes, hostOutcomes);
    }

    private async Task<StreamOutcome> SendAsync(ChatRequest request)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        return await client.SendAsync(request, RequestTimeout, timeout.Token);
    }
}
