using System.Diagnostics;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Answers completed in the same time: <c>concurrency</c> clients send turns back to back for a fixed window, directly,
/// through nginx and through Host, one path after the other, in two rounds of opposite order. A path that costs
/// nothing completes as many answers as direct.
/// </summary>
public sealed class ThroughputScenario(ChatStreamClient client, ChatRequest direct, ChatRequest viaNginx, Func<int, ChatRequest> throughHost)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public async Task<ThroughputResult> RunAsync(int concurrency, TimeSpan window)
    {
        var answers = new int[3];
        var failures = new int[3];
        int[][] rounds = [[0, 1, 2], [2, 1, 0]];
        foreach (var order in rounds)
        {
            foreach (var path in order)
            {
                var (completed, failed) = await WindowAsync(path, concurrency, window / 2);
                answers[path] += completed;
                failures[path] += failed;
            }
        }
        return new ThroughputResult(concurrency, window.TotalSeconds, answers[0], answers[1], answers[2], failures.Sum());
    }

    /// <summary>
    /// Every client starts turns until the window closes and finishes the one it is in; the count is then scaled to the
    /// window (completed × window ÷ elapsed), so an answer that ends just after the window is not all-or-nothing.
    /// </summary>
    private async Task<(int Completed, int Failed)> WindowAsync(int path, int concurrency, TimeSpan window)
    {
        var completed = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var request = path switch { 0 => direct, 1 => viaNginx, _ => throughHost(worker) };
            while (clock.Elapsed < window)
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                var outcome = await client.SendAsync(request, RequestTimeout, timeout.Token);
                Interlocked.Increment(ref outcome.Completed ? ref completed : ref failed);
            }
        }));
        var scale = window / clock.Elapsed;
        return ((int)Math.Round(completed * scale), failed);
    }
}
