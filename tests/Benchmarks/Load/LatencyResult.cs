namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Time to first token and total time, directly and through Host, at one concurrency. "Added" is Host's
/// percentile minus the direct percentile: the two distributions were sampled side by side, pair by pair.
/// </summary>
public sealed record LatencyResult(
    int Concurrency,
    int Pairs,
    int Failures,
    Distribution DirectFirstToken,
    Distribution HostFirstToken,
    Distribution DirectTotal,
    Distribution HostTotal,
    double HostCpuMillisecondsPerTurn)
{
    public double AddedFirstTokenP50 => HostFirstToken.P50 - DirectFirstToken.P50;

    public double AddedFirstTokenP99 => HostFirstToken.P99 - DirectFirstToken.P99;

    public double AddedTotalP50 => HostTotal.P50 - DirectTotal.P50;

    public double AddedTotalP99 => HostTotal.P99 - DirectTotal.P99;

    /// <param name="hostCpu">Host's CPU time over the measured pairs: only the requests through Host reach it.</param>
    public static LatencyResult From(int concurrency, IReadOnlyList<StreamOutcome> direct, IReadOnlyList<StreamOutcome> host, TimeSpan hostCpu)
    {
        var failures = direct.Concat(host).Count(o => !o.Completed);
        // Only complete answers are timed: a failed request's time says nothing about the path.
        var directDone = direct.Where(o => o.Completed).ToList();
        var hostDone = host.Where(o => o.Completed).ToList();
        return new LatencyResult(concurrency, direct.Count, failures,
            Distribution.Of(directDone.Select(o => o.FirstContentMs)), Distribution.Of(hostDone.Select(o => o.FirstContentMs)),
            Distribution.Of(directDone.Select(o => o.TotalMs)), Distribution.Of(hostDone.Select(o => o.TotalMs)),
            hostCpu.TotalMilliseconds / Math.Max(1, host.Count));
    }
}
