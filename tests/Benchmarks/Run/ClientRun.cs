using ChatWidget.Benchmarks.Load;
using ChatWidget.Host.Llm;

namespace ChatWidget.Benchmarks.Run;

/// <summary>Everything measured with one OpenAI client library: one Host process, started fresh for it.</summary>
public sealed record ClientRun(
    OpenAiClientLibrary Client,
    IReadOnlyList<ExchangeResult> Exchanges,
    IReadOnlyList<LatencyResult> Latency,
    IReadOnlyList<StreamsResult> Streams,
    ThroughputResult? Throughput);
