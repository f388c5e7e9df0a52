using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatWidget.Benchmarks.Knowledge;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Run;

namespace ChatWidget.Benchmarks.Report;

/// <summary>
/// docs/benchmarks.md: the machine, the command, the date, every measurement in tables, the goals they are
/// held to, and the raw numbers. Written from one run, so every comparison in it was measured side by side.
/// </summary>
public sealed class BenchmarkReport(
    DateTimeOffset measuredAt,
    MachineInfo machine,
    BenchmarkSettings settings,
    IReadOnlyList<ClientRun> clients,
    string? yardstickConfiguration,
    SharedStateResult? sharedState,
    ScaleOutResult? scaleOut,
    KnowledgeResult? knowledge,
    JsonElement? tokenPath,
    JsonElement? widget)
{
    private const int StreamsGoal = GoalsSection.StreamsGoal;
    private const double BytesPerStreamGoal = GoalsSection.BytesPerStreamGoal;

    private static readonly JsonSerializerOptions RawJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine(Invariant($"Measured {measuredAt:yyyy-MM-dd HH:mm} UTC with `{settings.CommandLine}` (see [README](../README.md#benchmarks) for how to rerun).{(settings.Quick ? " **A --quick smoke run: too small to quote.**" : "")}"));
        text.AppendLine();
        AppendMachine(text);
        AppendHeadline(text);
        AppendGoals(text);
        AppendLatency(text);
        AppendStreams(text);
        AppendMemory(text);
        AppendTokenPath(text);
        AppendWidget(text);
        AppendSharedState(text);
        AppendScaleOut(text);
        AppendKnowledge(text);
        AppendRaw(text);
        return text.ToString();
    }

    private void AppendMachine(StringBuilder text)
    {
        text.AppendLine("## Machine").AppendLine();
        text.Append(new MarkdownTable("", "")
            .Row("CPU", Invariant($"{machine.Cpu}, {machine.Cores} cores"))
            .Row("Memory", Invariant($"{machine.MemoryGiB:F1} GiB"))
            .Row("OS", machine.OperatingSystem)
            .Row(".NET", machine.Runtime)
            .Row("Host runtime settings", machine.HostRuntime)
            .Row("Load average (1 min)", Invariant($"{machine.LoadAtStart:F2} when the run started, {(machine.LoadAtEnd is { } end ? end.ToString("F2", CultureInfo.InvariantCulture) : "n/a")} when it ended"))
            .Row("Chromium", widget?.TryGetProperty("chromium", out var chromium) == true ? chromium.GetString()! : "not measured"));
        text.AppendLine();
        text.AppendLine("The load generator, Host (Release build, Production environment, shipped `appsettings.json`) and the fake " +
            "upstream run as three processes on this one machine and share its cores, so every figure includes the cost of " +
            "the other two processes competing for them. Rate limits and cost budgets are switched off for sections 1 to 4 " +
            "(`ChatWidget:RateLimits:Enabled=false`, `ChatWidget:Budgets:Enabled=false`): they exist to refuse exactly this load. " +
            "Sections 7 and 8 switch them on, sized never to refuse, because with Redis they are what Host asks Redis on every " +
            "launch and turn; they add redis-server, a second Host and nginx to the same machine.");
        text.AppendLine();
    }

    private void AppendHeadline(StringBuilder text)
    {
        text.AppendLine("## Headline").AppendLine();
        foreach (var run in clients)
        {
            var single = run.Latency.FirstOrDefault(l => l.Concurrency == 1);
            var atGoal = run.Streams.FirstOrDefault(s => s.Streams == StreamsGoal);
            text.Append(Invariant($"- **{run.Client} client**:"));
            if (single is not null)
                text.Append(Invariant($" adds {single.AddedFirstTokenP50:F2} ms p50 to the first token at concurrency 1 (nginx adds {single.NginxAddedFirstTokenP50:F2} ms); Host CPU {single.HostCpuMillisecondsPerTurnWithoutJit:F2} ms a turn without background JIT;"));
            if (run.Throughput is { } t)
                text.Append(Invariant($" {t.HostShare:P0} of direct's answers in the same time at {t.Concurrency} clients (nginx {t.NginxShare:P0});"));
            if (atGoal is not null)
                text.Append(Invariant($" {atGoal.Streams} simultaneous streams: {atGoal.Completed} completed, {atGoal.Errors} errors, {atGoal.Stalls} stalls, {Kib(atGoal.ResidentBytesPerStream)} per stream."));
            text.AppendLine();
        }
        if (clients.Count > 1)
            text.AppendLine("- **Client libraries**: sections 1 to 4 measure " + string.Join(" and ", clients.Select(c => c.Client)) +
                " side by side, each against its own fresh Host, in this one run.");
        var exchanges = clients.FirstOrDefault()?.Exchanges ?? [];
        if (exchanges.Count > 0)
            text.AppendLine("- **Launch exchanges over HTTP**: " + string.Join(", ", exchanges.Select(e => Invariant($"{e.Algorithm} {e.PerSecond:F0}/s"))) + ".");
        if (sharedState is { } state)
            text.AppendLine(Invariant($"- **Shared state in Redis** (section 7) adds {state.Launch.AddedP50:F3} ms p50 / {state.Launch.AddedP99:F3} ms p99 to a launch ({SharedStateSection.LaunchGoalMet(state) switch { true => "met", false => "**missed**" }} ≤ {SharedStateSection.LaunchGoalMs} ms p50) and {state.FirstToken.AddedP50:F3} ms p50 / {state.FirstToken.AddedP99:F3} ms p99 to a chat turn's first token ({SharedStateSection.FirstTokenGoalMet(state) switch { true => "met", false => "**missed**" }} ≤ {SharedStateSection.FirstTokenGoalMs} ms p50), with {state.RedisPerLaunch.RoundTrips:F1} Redis round trips a launch and {state.RedisPerTurn.RoundTrips:F1} a turn."));
        if (scaleOut is { } scale)
            text.AppendLine(Invariant($"- **Behind nginx** (section 8, {scale.Clients} clients): ") +
                string.Join("; ", scale.Arms.Select(a => Invariant($"{a.Name} {a.LaunchesPerSecond:F0} launches/s, first token p50 {a.FirstToken.P50:F2} ms / p99 {a.FirstToken.P99:F2} ms, {a.AnswersPerWindow:F0} answers in {scale.ChatSeconds:F0} s"))) + ".");
        if (knowledge is { } found)
            text.AppendLine("- **Course knowledge** (section 9): " + string.Join("; ", found.Engines.Select(e =>
                Invariant($"{e.Engine} recall@3 {e.RecallAt3:P0} ({Verdict(KnowledgeSection.RecallGoalMet(e))} ≥ {KnowledgeSection.RecallGoal:P0}), search p50 {e.SearchMilliseconds.P50:F2} ms / p99 {e.SearchMilliseconds.P99:F2} ms at {e.IndexedChunks:N0} chunks ({Verdict(KnowledgeSection.SearchGoalMet(e))} ≤ {KnowledgeSection.SearchP50GoalMs} ms p50)"))) + ".");
        text.AppendLine();
    }

    private void AppendGoals(StringBuilder text)
    {
        text.AppendLine("## Goals").AppendLine();
        if (SkippedClients(text)) return;
        text.AppendLine("The hot path's goals, measured in this run, with nginx's figure beside Host's where a proxy has one. Where a goal is missed, " +
            "[benchmarks-profile.md](benchmarks-profile.md) gives the measured reason (a CPU profile of one turn, before and after) and the next step.");
        text.AppendLine();
        foreach (var run in clients) text.Append(GoalsSection.Render(run));
    }

    private void AppendLatency(StringBuilder text)
    {
        text.AppendLine("## 1. Added latency").AppendLine();
        if (SkippedClients(text)) return;
        text.Append(LatencySection.Render(clients, settings, yardstickConfiguration));
    }

    private void AppendStreams(StringBuilder text)
    {
        text.AppendLine("## 2. Concurrent streams").AppendLine();
        if (SkippedClients(text)) return;
        text.AppendLine(Invariant($"Each level starts that many sessions' turns, spread evenly over {settings.RampUpMilliseconds} ms, and counts how many were open at once at the peak; every answer is {settings.StreamShape}. A stall is a wait between two tokens over {10 * Math.Max(1, settings.StreamShape.IntervalMilliseconds)} ms (10 × the interval). Host CPU is a percentage of one core ({machine.Cores * 100}% is the whole machine). Goal: {StreamsGoal} streams with zero errors and zero stalls."));
        text.AppendLine();
        var table = new MarkdownTable("client", "streams", "open at peak", "completed", "errors", "stalls (streams)", "longest gap", "frames/s", "Host CPU", "peak RSS", "first token p50 / p99");
        foreach (var run in clients)
        {
            foreach (var s in run.Streams)
            {
                table.Row(run.Client.ToString(), Number(s.Streams), Number(s.PeakOpen), Number(s.Completed), Errors(s), Invariant($"{s.Stalls} ({s.StreamsWithStalls})"),
                    Ms(s.LongestGapMs), Number(s.FramesPerSecond), Invariant($"{s.HostCpuPercent:F0}%"), Mib(s.PeakResidentBytes),
                    Invariant($"{Ms(s.FirstToken.P50)} / {Ms(s.FirstToken.P99)}"));
            }
        }
        text.Append(table).AppendLine();
    }

    private void AppendMemory(StringBuilder text)
    {
        text.AppendLine("## 3. Memory per stream").AppendLine();
        if (SkippedClients(text)) return;
        text.AppendLine("Host's resident memory at its peak during a level minus its resident memory just before the level, divided " +
            $"by the number of streams. Goal: ≤ {BytesPerStreamGoal / 1024:F0} KiB per stream; the GC settings Host ran with are in the Machine table.");
        text.AppendLine();
        var table = new MarkdownTable("client", "streams", "idle RSS", "peak RSS", "per stream", "goal");
        foreach (var run in clients)
        {
            foreach (var s in run.Streams)
                table.Row(run.Client.ToString(), Number(s.Streams), Mib(s.IdleResidentBytes), Mib(s.PeakResidentBytes), Kib(s.ResidentBytesPerStream),
                    Verdict(s.ResidentBytesPerStream <= BytesPerStreamGoal));
        }
        text.Append(table).AppendLine();
    }

    private void AppendTokenPath(StringBuilder text)
    {
        text.AppendLine("## 4. Token path").AppendLine();
        if (!SkippedClients(text))
            AppendExchanges(text);

        if (tokenPath is not { } suite)
        {
            text.AppendLine("The BenchmarkDotNet suite was skipped in this run.").AppendLine();
            return;
        }
        text.AppendLine("In process, with BenchmarkDotNet (`token-path`): the same Host code without HTTP.").AppendLine();
        var table = new MarkdownTable("operation", "mean", "± std. error", "allocated", "per second on one core");
        foreach (var result in suite.GetProperty("results").EnumerateArray())
        {
            table.Row(result.GetProperty("operation").GetString()!,
                Microseconds(result.GetProperty("meanNs").GetDouble()),
                Microseconds(result.GetProperty("stdErrNs").GetDouble()),
                result.GetProperty("allocatedBytes").ValueKind == JsonValueKind.Number ? Invariant($"{result.GetProperty("allocatedBytes").GetInt64():N0} B") : "n/a",
                Number(result.GetProperty("perSecondOneCore").GetDouble()));
        }
        text.Append(table).AppendLine();
    }

    private void AppendWidget(StringBuilder text)
    {
        text.AppendLine("## 6. Widget cost to the page").AppendLine();
        if (widget is not { } measured)
        {
            text.AppendLine("The browser measurement was skipped in this run.").AppendLine();
            return;
        }
        text.AppendLine(WidgetSection.Render(measured));
    }

    private void AppendExchanges(StringBuilder text)
    {
        text.AppendLine(Invariant($"Launch exchanges over HTTP (`POST /api/token`), {settings.ExchangeConcurrency} clients at once, each with a fresh launch token minted before the clock starts. Host CPU per exchange is Host's CPU time divided by the exchanges it completed."));
        text.AppendLine();
        var http = new MarkdownTable("client", "algorithm", "exchanges", "failed", "per second", "Host CPU per exchange");
        foreach (var run in clients)
        {
            foreach (var e in run.Exchanges)
                http.Row(run.Client.ToString(), e.Algorithm, Number(e.Attempted), Number(e.Failed), Number(e.PerSecond), Ms(e.HostCpuMillisecondsEach));
        }
        text.Append(http).AppendLine();
    }

    /// <summary>Says so when the client-library sections were left out (<c>--skip clients</c>).</summary>
    private bool SkippedClients(StringBuilder text)
    {
        if (settings.RunClients) return false;
        text.AppendLine("The client-library measurements were skipped in this run (`--skip clients`).").AppendLine();
        return true;
    }

    private void AppendSharedState(StringBuilder text)
    {
        text.AppendLine("## 7. Shared state: in-memory vs Redis").AppendLine();
        text.AppendLine(sharedState is { } measured
            ? SharedStateSection.Render(measured, settings)
            : "The shared-state comparison was skipped in this run (`--skip shared-state`).\n");
    }

    private void AppendScaleOut(StringBuilder text)
    {
        text.AppendLine("## 8. Two instances behind nginx").AppendLine();
        text.AppendLine(scaleOut is { } measured
            ? ScaleOutSection.Render(measured, settings, machine)
            : "The nginx comparison was skipped in this run (`--skip scale-out`).\n");
    }

    private void AppendKnowledge(StringBuilder text)
    {
        text.AppendLine("## 9. Course knowledge retrieval").AppendLine();
        text.AppendLine(knowledge is { } measured ? KnowledgeSection.Render(measured) : "Not measured in this run (`--skip knowledge`).");
        text.AppendLine();
    }

    private void AppendRaw(StringBuilder text)
    {
        text.AppendLine("## Raw numbers").AppendLine();
        text.AppendLine("<details><summary>Everything above, as measured (JSON)</summary>").AppendLine();
        text.AppendLine("```json");
        text.AppendLine(JsonSerializer.Serialize(new { settings = SettingsView(), clients, yardstickConfiguration, sharedState, scaleOut, knowledge, tokenPath, widget }, RawJson));
        text.AppendLine("```").AppendLine().AppendLine("</details>");
    }

    private object SettingsView() => new
    {
        streamShape = settings.StreamShape.ToString(),
        latencyShape = settings.LatencyShape.ToString(),
        settings.StreamLevels,
        settings.LatencyConcurrency,
        settings.LatencyPairs,
        settings.WarmupPairs,
        settings.ThroughputSeconds,
        settings.Exchanges,
        settings.ExchangeConcurrency,
        settings.RampUpMilliseconds,
        settings.HostEnvironment,
        settings.KnowledgeSearches,
        settings.SharedStateLaunchPairs,
        settings.SharedStateTurnPairs,
        settings.SharedStateWarmupPairs,
        settings.ScaleOutClients,
        settings.ScaleOutLaunchSeconds,
        settings.ScaleOutChatSeconds,
        settings.ScaleOutRounds,
    };

    private static string Errors(StreamsResult s) => s.Errors == 0
        ? "0"
        : Invariant($"{s.Errors} ({string.Join("; ", s.FailureKinds.Select(k => $"{k.Value}× {k.Key}"))})");

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:F2} ms");

    private static string Microseconds(double nanoseconds) => Invariant($"{nanoseconds / 1000:F1} µs");

    private static string Mib(long bytes) => Invariant($"{bytes / 1048576.0:F0} MiB");

    private static string Kib(double bytes) => Invariant($"{bytes / 1024:F1} KiB");

    private static string Number(double value) => Invariant($"{value:N0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
