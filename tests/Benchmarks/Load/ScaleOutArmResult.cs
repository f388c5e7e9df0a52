namespace ChatWidget.Benchmarks.Load;

/// <summary>One arm of the scale-out comparison over all its rounds: rates are totals over total time, percentiles over every turn.</summary>
public sealed record ScaleOutArmResult(
    string Name,
    int Rounds,
    double LaunchesPerSecond,
    int LaunchFailures,
    double HostCpuMillisecondsPerLaunch,
    double RedisCpuMillisecondsPerLaunch,
    double AnswersPerWindow,
    double AnswersPerSecond,
    int TurnFailures,
    Distribution FirstToken,
    double HostCpuMillisecondsPerTurn,
    double? ProxyCpuMillisecondsPerTurn,
    double RedisCpuMillisecondsPerTurn,
    IReadOnlyDictionary<string, int> FailureKinds,
    IReadOnlyList<ScaleOutWindow> Windows)
{
    public static ScaleOutArmResult From(ServingArm arm, IReadOnlyList<ScaleOutWindow> windows)
    {
        var launches = windows.Sum(w => w.Launches);
        var answers = windows.Sum(w => w.AnswersInWindow);
        // CPU is per turn served, including those that were still streaming when the window closed.
        var turns = Math.Max(1, windows.Sum(w => w.FirstTokenMs.Count + w.TurnFailures));
        return new ScaleOutArmResult(
            arm.Name,
            windows.Count,
            launches / windows.Sum(w => w.LaunchSeconds),
            windows.Sum(w => w.LaunchFailures),
            windows.Sum(w => w.LaunchHostCpuSeconds) * 1000 / Math.Max(1, launches),
            windows.Sum(w => w.LaunchRedisCpuSeconds) * 1000 / Math.Max(1, launches),
            answers / (double)windows.Count,
            answers / windows.Sum(w => w.ChatSeconds),
            windows.Sum(w => w.TurnFailures),
            Distribution.Of(windows.SelectMany(w => w.FirstTokenMs)),
            windows.Sum(w => w.ChatHostCpuSeconds) * 1000 / turns,
            arm.Proxy is null ? null : windows.Sum(w => w.ChatProxyCpuSeconds) * 1000 / turns,
            windows.Sum(w => w.ChatRedisCpuSeconds) * 1000 / turns,
            windows.SelectMany(w => w.FailureKinds).GroupBy(k => k.Key).ToDictionary(g => g.Key, g => g.Sum(k => k.Value)),
            windows);
    }
}
