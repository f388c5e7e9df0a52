using System.Text.Json.Serialization;

namespace ChatWidget.Benchmarks.Load;

/// <summary>How a run of launch exchanges went; the access tokens are for the scenarios that follow, never reported.</summary>
public sealed record ExchangeResult(
    string Algorithm,
    int Attempted,
    int Failed,
    int Concurrency,
    double Seconds,
    double HostCpuSeconds,
    [property: JsonIgnore] IReadOnlyList<string> AccessTokens)
{
    public double PerSecond => (Attempted - Failed) / Seconds;

    /// <summary>Host CPU time per exchange: comparable across machines that are busy with other things.</summary>
    public double HostCpuMillisecondsEach => HostCpuSeconds * 1000 / Math.Max(1, Attempted - Failed);
}
