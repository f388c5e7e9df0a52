using System.Text;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Run;
using static ChatWidget.Benchmarks.Report.ReportText;

namespace ChatWidget.Benchmarks.Report;

/// <summary>Section 8 of the report: one Host direct, behind nginx, and two Hosts behind nginx, at the same load.</summary>
public static class ScaleOutSection
{
    public static string Render(ScaleOutResult r, BenchmarkSettings settings, MachineInfo machine)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{r.Clients} clients at once against three arms: one Host direct; nginx {r.NginxVersion} in front of that Host; nginx in front of two Hosts. Every arm first gets one unrecorded warm-up window; the rounds' own figures show how much the machine's other work moved them. ") +
            Invariant($"Every Host keeps its shared state in one redis-server {r.RedisVersion} and runs with the counted-but-never-refusing limits of section 7 and `ASPNETCORE_FORWARDEDHEADERS_ENABLED=true`, as behind a proxy. ") +
            "The two Hosts share one data directory, so one SQLite database and one set of Data Protection and signing keys (the second starts once the first created them): an access token one minted is accepted by the other, and with least-connections balancing most sessions launched on one are chatted on the other, so a refused token would show as failed turns. " +
            Invariant($"Each round gives each arm {r.LaunchSeconds:F0} s of launches back to back, then {r.ChatSeconds:F0} s of chat turns back to back on the sessions those launches opened (the turn of section 1, upstream {settings.LatencyShape}, a new session every turn); {r.Rounds} round{(r.Rounds == 1 ? "" : "s")}, each in another order. ") +
            Invariant($"Answers are the turns completed within the chat window, per window. Each client sends its next turn when its answer ended, so answers are capped by the answer's length; what the serving path costs shows as fewer answers and a later first token."));
        text.AppendLine();
        var table = new MarkdownTable("arm", "launches/s", "failed launches", Invariant($"answers in {r.ChatSeconds:F0} s"), "by round, in run order", "answers/s",
            "first token p50", "first token p99", "failed turns");
        foreach (var arm in r.Arms)
        {
            table.Row(arm.Name, Number(arm.LaunchesPerSecond), Number(arm.LaunchFailures), Number(arm.AnswersPerWindow),
                string.Join(" / ", arm.Windows.Select(w => Number(w.AnswersInWindow))), Number(arm.AnswersPerSecond),
                Ms(arm.FirstToken.P50), Ms(arm.FirstToken.P99), Number(arm.TurnFailures));
        }
        text.Append(table).AppendLine();
        text.AppendLine("CPU time per launch and per turn served, of the Hosts together, of nginx's master and workers, and of redis-server (all arms share it; only the measured arm was under load):").AppendLine();
        var cpu = new MarkdownTable("arm", "Hosts per launch", "Redis per launch", "Hosts per turn", "nginx per turn", "Redis per turn");
        foreach (var arm in r.Arms)
        {
            cpu.Row(arm.Name, Ms(arm.HostCpuMillisecondsPerLaunch), Ms(arm.RedisCpuMillisecondsPerLaunch), Ms(arm.HostCpuMillisecondsPerTurn),
                arm.ProxyCpuMillisecondsPerTurn is { } proxy ? Ms(proxy) : "", Ms(arm.RedisCpuMillisecondsPerTurn));
        }
        text.Append(cpu).AppendLine();
        foreach (var arm in r.Arms.Where(a => a.FailureKinds.Count > 0))
            text.AppendLine(Invariant($"Failures, {arm.Name}: {string.Join("; ", arm.FailureKinds.Select(k => $"{k.Value}× {k.Key}"))}.")).AppendLine();
        text.AppendLine(Invariant($"On this machine every process (the Hosts, nginx's {machine.Cores} workers, Redis, the fake upstream and the load generator) shares the same {machine.Cores} cores: a second instance adds no CPU here, so the third arm shows what balancing over two instances costs, not the capacity a second machine would add."));
        text.AppendLine();
        text.AppendLine("The nginx configuration of the two-Host arm, as run (the one-Host arm's differs only in its one `server` line; the ports were this run's). Started as `nginx -p PREFIX/ -c nginx.conf -e stderr -g 'daemon off;'` with PREFIX a fresh temporary directory:").AppendLine();
        text.AppendLine("```nginx");
        text.Append(r.NginxConfiguration);
        text.AppendLine("```").AppendLine();
        return text.ToString();
    }
}
