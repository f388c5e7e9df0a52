using System.Text.Json.Serialization;

namespace ChatWidget.Benchmarks.Load;

/// <summary>One round of one arm in the scale-out comparison: a launch window, then a chat window, at the same number of clients.</summary>
public sealed record ScaleOutWindow(
    int Launches,
    int LaunchFailures,
    double LaunchSeconds,
    double LaunchHostCpuSeconds,
    double LaunchRedisCpuSeconds,
    int AnswersInWindow,
    int TurnFailures,
    double ChatSeconds,
    double ChatHostCpuSeconds,
    double ChatProxyCpuSeconds,
    double ChatRedisCpuSeconds,
    [property: JsonIgnore] IReadOnlyList<double> FirstTokenMs,
    IReadOnlyDictionary<string, int> FailureKinds);
