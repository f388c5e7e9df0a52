namespace ChatWidget.Benchmarks.Load;

/// <summary>One level of the concurrent-streams scenario, as measured at the client and on Host's process.</summary>
public sealed record StreamsResult(
    int Streams,
    int PeakOpen,
    int Completed,
    int Errors,
    int Stalls,
    int StreamsWithStalls,
    double LongestGapMs,
    long ContentFrames,
    double Seconds,
    double HostCpuSeconds,
    long IdleResidentBytes,
    long PeakResidentBytes,
    Distribution FirstToken,
    IReadOnlyDictionary<string, int> FailureKinds)
{
    public double FramesPerSecond => ContentFrames / Seconds;

    /// <summary>Host CPU as a percentage of one core over the level (200% is both cores of a 2-core machine).</summary>
    public double HostCpuPercent => HostCpuSeconds / Seconds * 100;

    /// <summary>Host's resident memory growth per open stream: peak during the level minus idle before it.</summary>
    public double ResidentBytesPerStream => (PeakResidentBytes - IdleResidentBytes) / (double)Streams;

    public static StreamsResult From(int streams, int peakOpen, IReadOnlyList<StreamOutcome> outcomes, TimeSpan elapsed, TimeSpan hostCpu,
        long idleResident, long peakResident) => new(
        streams,
        peakOpen,
        outcomes.Count(o => o.Completed),
        outcomes.Count(o => !o.Completed),
        outcomes.Sum(o => o.Stalls),
        outcomes.Count(o => o.Stalls > 0),
        outcomes.Select(o => o.LongestGapMs).DefaultIfEmpty(0).Max(),
        outcomes.Sum(o => (long)o.ContentFrames),
        elapsed.TotalSeconds,
        hostCpu.TotalSeconds,
        idleResident,
        peakResident,
        Distribution.Of(outcomes.Where(o => o.Completed).Select(o => o.FirstContentMs)),
        outcomes.Where(o => o.Failure is not null).GroupBy(o => o.Failure!).ToDictionary(g => g.Key, g => g.Count()));
}
