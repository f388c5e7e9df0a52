using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// In-memory against Redis shared state, one client: launches and chat turns timed in alternating pairs, what each
/// asked of Redis (from Redis's own counters), and one bare round trip for scale, back to back and after a pause.
/// </summary>
public sealed record SharedStateResult(
    string RedisVersion,
    int LaunchPairs,
    int TurnPairs,
    int WarmupPairs,
    ArmComparison Launch,
    ArmComparison FirstToken,
    ArmComparison TurnTotal,
    RedisCommandsPerOperation RedisPerLaunch,
    RedisCommandsPerOperation RedisPerTurn,
    double RedisCpuMillisecondsPerLaunch,
    double RedisCpuMillisecondsPerTurn,
    Distribution RedisRoundTrip,
    Distribution RedisRoundTripAfterPause);
