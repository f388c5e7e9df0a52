using System.Diagnostics;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Upstream;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Many learners streaming at once: <c>streams</c> sessions each start a turn, spread evenly over the ramp-up
/// time, and read the answer to the end, while Host's CPU time and resident memory are sampled from outside. With
/// the default shape (a one-second answer) and a half-second ramp, every stream is open at once at the peak; the
/// client counts how many were, so the report shows it rather than assuming it.
/// A stall is a wait between two tokens of more than ten times the upstream's own interval.
/// </summary>
public sealed class ConcurrentStreamsScenario(ChatStreamClient client, Func<int, ChatRequest> session, StreamShape shape,
    TimeSpan rampUp, ProcessSampler hostProcess)
{
    private static readonly TimeSpan MemorySampleInterval = TimeSpan.FromMilliseconds(50);

    private TimeSpan StallThreshold => TimeSpan.FromMilliseconds(10 * Math.Max(1, shape.IntervalMilliseconds));

    public async Task<StreamsResult> RunAsync(int streams)
    {
        // Generous: a stream that needs this long has failed, whatever the reason.
        var expected = TimeSpan.FromMilliseconds(shape.FirstTokenMilliseconds + shape.Chunks * shape.IntervalMilliseconds);
        using var timeout = new CancellationTokenSource(expected * 5 + TimeSpan.FromSeconds(60));
        var idleResident = hostProcess.ResidentBytes();
        var cpuBefore = hostProcess.CpuTime();
        using var sampling = new CancellationTokenSource();
        var peakResident = hostProcess.PeakResidentBytesAsync(MemorySampleInterval, sampling.Token);
        var clock = Stopwatch.StartNew();

        var open = 0;
        var peakOpen = 0;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
        {
            await Task.Delay(rampUp * i / streams);
            var nowOpen = Interlocked.Increment(ref open);
            InterlockedMax(ref peakOpen, nowOpen);
            try
            {
                return await client.SendAsync(session(i), StallThreshold, timeout.Token);
            }
            finally
            {
                Interlocked.Decrement(ref open);
            }
        })));

        clock.Stop();
        var cpu = hostProcess.CpuTime() - cpuBefore;
        await sampling.CancelAsync();
        return StreamsResult.From(streams, peakOpen, outcomes, clock.Elapsed, cpu, idleResident, await peakResident);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
