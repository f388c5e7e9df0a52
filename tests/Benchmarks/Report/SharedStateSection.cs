using System.Text;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Run;
using static ChatWidget.Benchmarks.Report.ReportText;

namespace ChatWidget.Benchmarks.Report;

/// <summary>Section 7 of the report: what Redis as shared state adds to a launch and to a chat turn.</summary>
public static class SharedStateSection
{
    public const double LaunchGoalMs = 0.3;
    public const double FirstTokenGoalMs = 0.2;

    public static bool LaunchGoalMet(SharedStateResult r) => r.Launch.AddedP50 <= LaunchGoalMs;

    public static bool FirstTokenGoalMet(SharedStateResult r) => r.FirstToken.AddedP50 <= FirstTokenGoalMs;

    public static string Render(SharedStateResult r, BenchmarkSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Two Hosts alike ({settings.Clients[0]} client) but for `ConnectionStrings:Redis`: one keeps the launch-token replay store, the rate-limit buckets, the open-stream counts and the token budgets in memory, the other in a redis-server {r.RedisVersion} that the benchmark starts on loopback (`--save \"\" --appendonly no`). ") +
            "Both run with rate limits and token budgets **on**, as a deployment does, so that every launch and every turn is counted, but sized never to refuse: every bucket at the validator's maximum (burst 1,000,000, 6,000,000 a minute), 1,000 streams per session, budgets of 10¹² tokens per session and per platform and day. " +
            Invariant($"One client asks the two in alternating pairs, which of them goes first alternating too, so that whatever else the machine does at a moment falls on both: {r.LaunchPairs} launches (`POST /api/token`, HS256, a fresh launch token each) and then {r.TurnPairs} chat turns (the turn of section 1, upstream {settings.LatencyShape}, on the sessions those launches opened, one or two turns each) per Host, each after {r.WarmupPairs} warm-up pairs. ") +
            Invariant($"Added = Redis's percentile minus in-memory's; the pair difference is the median of each pair's own Redis-minus-memory, which a slow moment of the machine moves less because it falls on both requests of the pair. Goal: Redis adds ≤ {LaunchGoalMs} ms p50 to a launch and ≤ {FirstTokenGoalMs} ms p50 to a turn's first token."));
        text.AppendLine();

        var table = new MarkdownTable("measure", "in-memory p50", "in-memory p99", "Redis p50", "Redis p99", "added p50", "added p99", "pair difference p50", "Host CPU each, in-memory / Redis", "failures", "goal");
        Row(table, "launch", r.Launch, Verdict(LaunchGoalMet(r)));
        Row(table, "chat turn, first token", r.FirstToken, Verdict(FirstTokenGoalMet(r)));
        Row(table, "chat turn, whole answer", r.TurnTotal, "");
        text.Append(table).AppendLine();

        text.AppendLine("What the Redis Host asked of Redis over the measured pairs, from Redis's own counters: round trips are the requests it read (`total_reads_processed`), commands are `INFO commandstats`, which counts the commands a script runs as well as the `EVALSHA` that ran it; and the CPU time redis-server spent, which includes its own housekeeping over the time a pair takes (at one client most of a turn's figure; section 8 has it under load):").AppendLine();
        var commands = new MarkdownTable("per", "round trips", "commands, scripts' own included", "redis-server CPU");
        commands.Row("launch", Invariant($"{r.RedisPerLaunch.RoundTrips:F2}"), ByCommand(r.RedisPerLaunch), Ms(r.RedisCpuMillisecondsPerLaunch));
        commands.Row("chat turn", Invariant($"{r.RedisPerTurn.RoundTrips:F2}"), ByCommand(r.RedisPerTurn), Ms(r.RedisCpuMillisecondsPerTurn));
        text.Append(commands).AppendLine();

        text.AppendLine(Invariant($"For scale, one bare round trip from the load generator to the same redis-server (PING, StackExchange.Redis as in Host): {Ms(r.RedisRoundTrip.P50)} p50, {Ms(r.RedisRoundTrip.P99)} p99 back to back; {Ms(r.RedisRoundTripAfterPause.P50)} p50, {Ms(r.RedisRoundTripAfterPause.P99)} p99 each after a 1 ms pause, when the threads that send, read and continue have gone to sleep and must be woken, as they mostly must for a command of Host's. ") +
            "Host awaits its commands one after another: a launch takes the per-address bucket (the rate limiter middleware's script), then the per-platform bucket (a second script), then consumes the launch token's jti (`SET NX PX`); " +
            "a chat turn takes all its buckets and a stream place in one script, then checks the session's budget (a script) and the platform's day (`GET`) before it calls the model, so those three lie on the way to the first token. " +
            "Charging the turn's tokens (a script) and giving the stream place back (`ZREM`, not awaited) come after the answer.");
        text.AppendLine();
        return text.ToString();
    }

    private static void Row(MarkdownTable table, string measure, ArmComparison c, string goal) =>
        table.Row(measure, Ms(c.Memory.P50), Ms(c.Memory.P99), Ms(c.Redis.P50), Ms(c.Redis.P99), AddedMs(c.AddedP50), AddedMs(c.AddedP99), AddedMs(c.PairDifference.P50),
            Invariant($"{c.MemoryHostCpuMilliseconds:F2} / {c.RedisHostCpuMilliseconds:F2} ms"), Invariant($"{c.MemoryFailures} / {c.RedisFailures}"), goal);

    private static string ByCommand(RedisCommandsPerOperation commands) =>
        commands.Calls.Count == 0 ? "none" : string.Join(", ", commands.Calls.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value:F2}")));
}
