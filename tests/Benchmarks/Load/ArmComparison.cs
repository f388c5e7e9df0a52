namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// One measure (a launch's time, a turn's first token) on the in-memory Host and on the Redis Host, sampled in
/// alternating pairs. "Added" is Redis's percentile minus memory's: what keeping the state in Redis costs.
/// <see cref="PairDifference"/> is the distribution of each pair's own difference, which a slow moment of the machine
/// moves less, because it falls on both requests of a pair.
/// </summary>
public sealed record ArmComparison(
    Distribution Memory,
    Distribution Redis,
    Distribution PairDifference,
    int MemoryFailures,
    int RedisFailures,
    double MemoryHostCpuMilliseconds,
    double RedisHostCpuMilliseconds)
{
    public double AddedP50 => Redis.P50 - Memory.P50;

    public double AddedP99 => Redis.P99 - Memory.P99;

    /// <summary>Host CPU time per operation the Redis arm spent more (its client library, the scripts' arguments).</summary>
    public double AddedHostCpuMilliseconds => RedisHostCpuMilliseconds - MemoryHostCpuMilliseconds;
}
