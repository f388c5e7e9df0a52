using System.Text;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Run;
using static ChatWidget.Benchmarks.Report.ReportText;

namespace ChatWidget.Benchmarks.Report;

/// <summary>
/// Section 1 of the report: what Host adds to a streamed turn next to what nginx adds (first token, whole answer,
/// answers completed in the same time), and Host's CPU a turn.
/// </summary>
public static class LatencySection
{
    public static string Render(IReadOnlyList<ClientRun> clients, BenchmarkSettings settings, string? yardstickConfiguration)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"The same turn (instructions, three earlier turns, a question) sent straight to the fake upstream, through nginx in front of the upstream (the yardstick: a plain reverse-proxy hop, configuration below), and through Host, in rotating triples, {settings.LatencyPairs} triples per concurrency after {settings.WarmupPairs} warm-up triples (and, before the first concurrency, {settings.WarmupPairs * 4} at the highest, so Host's hot code is compiled). Host's side includes access-token validation, request validation, prompt assembly, history trimming, the upstream client and re-framing every chunk. Upstream: {settings.LatencyShape}. Added = the path's percentile minus the direct percentile."));
        text.AppendLine();
        var table = new MarkdownTable("client", "concurrency", "measure", "direct p50 / p99", "nginx adds p50 / p99", "Host adds p50 / p99", "failures");
        foreach (var run in clients)
        {
            foreach (var l in run.Latency)
            {
                table.Row(run.Client.ToString(), Number(l.Concurrency), "first token", Pair(l.DirectFirstToken.P50, l.DirectFirstToken.P99),
                    Pair(l.NginxAddedFirstTokenP50, l.NginxAddedFirstTokenP99), Pair(l.AddedFirstTokenP50, l.AddedFirstTokenP99), Number(l.Failures));
                table.Row(run.Client.ToString(), Number(l.Concurrency), "whole answer", Pair(l.DirectTotal.P50, l.DirectTotal.P99),
                    Pair(l.NginxAddedTotalP50, l.NginxAddedTotalP99), Pair(l.AddedTotalP50, l.AddedTotalP99), "");
            }
        }
        text.Append(table).AppendLine();

        if (clients.Any(c => c.Throughput is not null))
        {
            var first = clients.First(c => c.Throughput is not null).Throughput!;
            text.AppendLine(Invariant($"Answers completed in the same time: {first.Concurrency} clients send turns back to back for {first.Seconds / 2:F0} s per path, twice (direct, nginx, Host; then Host, nginx, direct)."));
            text.AppendLine();
            var throughput = new MarkdownTable("client", "direct", "nginx", "Host", "failures");
            foreach (var run in clients.Where(c => c.Throughput is not null))
            {
                var t = run.Throughput!;
                throughput.Row(run.Client.ToString(), Number(t.Direct), Invariant($"{t.Nginx:N0} ({t.NginxShare:P1})"), Invariant($"{t.Host:N0} ({t.HostShare:P1})"), Number(t.Failures));
            }
            text.Append(throughput).AppendLine();
        }

        text.AppendLine("Host's CPU time over the measured triples divided by the turns it served (only the Host requests reach it), and the part of it its background JIT thread (tiered compilation re-compiling hot methods, a cost of a process's first minutes) spent:");
        text.AppendLine();
        var cpu = new MarkdownTable("client", "concurrency", "Host CPU a turn", "of which background JIT", "without it");
        foreach (var run in clients)
        {
            foreach (var l in run.Latency)
                cpu.Row(run.Client.ToString(), Number(l.Concurrency), Ms(l.HostCpuMillisecondsPerTurn), Ms(l.HostCompilerCpuMillisecondsPerTurn), Ms(l.HostCpuMillisecondsPerTurnWithoutJit));
        }
        text.Append(cpu).AppendLine();

        if (yardstickConfiguration is not null)
        {
            text.AppendLine("The yardstick's nginx configuration, as run (its one `server` is the fake upstream; the ports were this run's), started as `nginx -p PREFIX/ -c nginx.conf -e stderr -g 'daemon off;'`:").AppendLine();
            text.AppendLine("```nginx").Append(yardstickConfiguration).AppendLine("```").AppendLine();
        }
        return text.ToString();
    }

    private static string Pair(double p50, double p99) => Invariant($"{Ms(p50)} / {Ms(p99)}");
}
