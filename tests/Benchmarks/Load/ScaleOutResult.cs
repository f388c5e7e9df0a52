namespace ChatWidget.Benchmarks.Load;

/// <summary>The scale-out comparison: every arm at the same load, rounds alternating between them, and the nginx configuration used.</summary>
public sealed record ScaleOutResult(
    string RedisVersion,
    string NginxVersion,
    int Clients,
    double LaunchSeconds,
    double ChatSeconds,
    int Rounds,
    IReadOnlyList<ScaleOutArmResult> Arms,
    string NginxConfiguration);
