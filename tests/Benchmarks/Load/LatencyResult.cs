namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Time to first token and total time, directly, through nginx and through Host, at one concurrency. "Added" is a
/// path's percentile minus the direct percentile: the three distributions were sampled side by side, triple by triple.
/// </summary>
public sealed record LatencyResult(
    int Concurrency,
    int Triples,
    int Failures,
    Distribution DirectFirstToken,
    Distribution NginxFirstToken,
    Distribution HostFirstToken,
    Distribution DirectTotal,
    Distribution NginxTotal,
    Distribution HostTotal,
    double HostCpuMillisecondsPerTurn,
    double HostCompilerCpuMillisecondsPerTurn)
{
    public double AddedFirstTokenP50 => HostFirstToken.P50 - DirectFirstToken.P50;

    public double AddedFirstTokenP99 => HostFirstToken.P99 - DirectFirstToken.P99;

    public double AddedTotalP50 => HostTotal.P50 - DirectTotal.P50;

    public double AddedTotalP99 => HostTotal.P99 - DirectTotal.P99;

    public double NginxAddedFirstTokenP50 => NginxFirstToken.P50 - DirectFirstToken.P50;

    public double NginxAddedFirstTokenP99 => NginxFirstToken.P99 - DirectFirstToken.P99;

    public double NginxAddedTotalP50 => NginxTotal.P50 - DirectTotal.P50;

    public double NginxAddedTotalP99 => NginxTotal.P99 - DirectTotal.P99;

    /// <summary>Host's CPU a turn without its background JIT thread: the steady-state cost of a turn.</summary>
    public double HostCpuMillisecondsPerTurnWithoutJit => HostCpuMillisecondsPerTurn - HostCompilerCpuMillisecondsPerTurn;

    /// <param name="hostCpu">Host's CPU time over the measured triples: only the requests through Host reach it.</param>
    /// <param name="hostCompilerCpu">Of that, its background JIT threads' time.</param>
    public static LatencyResult From(int concurrency, IReadOnlyList<StreamOutcome> direct, IReadOnlyList<StreamOutcome> nginx, IReadOnlyList<StreamOutcome> host,
        TimeSpan hostCpu, TimeSpan hostCompilerCpu)
    {
        var failures = direct.Concat(nginx).Concat(host).Count(o => !o.Completed);
        // Only complete answers are timed: a failed request's time says nothing about the path.
        var directDone = direct.Where(o => o.Completed).ToList();
        var nginxDone = nginx.Where(o => o.Completed).ToList();
        var hostDone = host.Where(o => o.Completed).ToList();
        var turns = Math.Max(1, host.Count);
        return new LatencyResult(concurrency, direct.Count, failures,
            FirstToken(directDone), FirstToken(nginxDone), FirstToken(hostDone),
            Total(directDone), Total(nginxDone), Total(hostDone),
            hostCpu.TotalMilliseconds / turns, hostCompilerCpu.TotalMilliseconds / turns);
    }

    private static Distribution FirstToken(List<StreamOutcome> outcomes) => Distribution.Of(outcomes.Select(o => o.FirstContentMs));

    private static Distribution Total(List<StreamOutcome> outcomes) => Distribution.Of(outcomes.Select(o => o.TotalMs));
}
