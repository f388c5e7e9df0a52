using System.Text;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Run;
using static ChatWidget.Benchmarks.Report.ReportText;

namespace ChatWidget.Benchmarks.Report;

/// <summary>
/// The hot path's goals (issue 12), each with the figure this run measured and whether it met it. Why a goal is missed
/// and what would close it is in docs/benchmarks-profile.md, from a profile rather than from a guess.
/// </summary>
public static class GoalsSection
{
    public const double FirstTokenP50GoalMs = 0.5;
    public const double FirstTokenP99GoalMs = 5;
    public const double CompletedShareGoal = 0.95;
    public const double CpuPerTurnGoalMs = 0.4;
    public const int StreamsGoal = 2000;
    public const double BytesPerStreamGoal = 32 * 1024;

    public static string Render(ClientRun run)
    {
        var table = new MarkdownTable("goal", "measured", "nginx", "verdict");
        if (run.Latency.FirstOrDefault(l => l.Concurrency == 1) is { } single)
            table.Row(Invariant($"added first token p50 ≤ {FirstTokenP50GoalMs} ms at 1 client"), Ms(single.AddedFirstTokenP50), Ms(single.NginxAddedFirstTokenP50),
                Verdict(single.AddedFirstTokenP50 <= FirstTokenP50GoalMs));
        var busiest = run.Latency.MaxBy(l => l.Concurrency);
        if (busiest is not null && busiest.Concurrency > 1)
            table.Row(Invariant($"added first token p99 ≤ {FirstTokenP99GoalMs} ms at {busiest.Concurrency} clients"), Ms(busiest.AddedFirstTokenP99), Ms(busiest.NginxAddedFirstTokenP99),
                Verdict(busiest.AddedFirstTokenP99 <= FirstTokenP99GoalMs));
        if (run.Throughput is { } t)
            table.Row(Invariant($"answers completed at {t.Concurrency} clients ≥ {CompletedShareGoal:P0} of direct"), Invariant($"{t.HostShare:P1}"), Invariant($"{t.NginxShare:P1}"),
                Verdict(t.HostShare >= CompletedShareGoal));
        if (busiest is not null)
            table.Row(Invariant($"Host CPU a 20-chunk turn ≤ {CpuPerTurnGoalMs} ms (without background JIT)"), Ms(busiest.HostCpuMillisecondsPerTurnWithoutJit), "",
                Verdict(busiest.HostCpuMillisecondsPerTurnWithoutJit <= CpuPerTurnGoalMs));
        if (run.Streams.FirstOrDefault(s => s.Streams == StreamsGoal) is { } streams)
        {
            table.Row(Invariant($"{StreamsGoal} streams: 0 stalls, 0 errors"), Invariant($"{streams.Stalls} stalls, {streams.Errors} errors"), "",
                Verdict(streams.Stalls == 0 && streams.Errors == 0));
            table.Row(Invariant($"memory per open stream ≤ {BytesPerStreamGoal / 1024:F0} KiB"), Invariant($"{streams.ResidentBytesPerStream / 1024:F1} KiB"), "",
                Verdict(streams.ResidentBytesPerStream <= BytesPerStreamGoal));
        }
        var text = new StringBuilder();
        text.AppendLine(Invariant($"**{run.Client} client:**")).AppendLine();
        text.Append(table).AppendLine();
        return text.ToString();
    }
}
