using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatWidget.Benchmarks.Report;

/// <summary>
/// The widget's cost to a partner page, from the browser measurement's JSON (its format is described at the top
/// of tests/Benchmarks/widget/widget-cost.mjs).
/// </summary>
public static class WidgetSection
{
    private static readonly (string Key, string Label)[] Metrics =
    [
        ("threadCpuMs", "main-thread CPU"),
        ("taskMs", "main-thread tasks (wall)"),
        ("scriptMs", "script"),
        ("layoutMs", "layout"),
        ("recalcStyleMs", "style recalculation"),
        ("longTaskCount", "long tasks (count)"),
        ("longTaskMs", "long tasks (total)"),
    ];

    public static string Render(JsonElement measured)
    {
        var text = new StringBuilder();
        var sizes = measured.GetProperty("sizes");
        text.AppendLine(Invariant($"Sizes of the built files, gzip level 9 (what `npm test` holds to its budgets), and what Host sends today:")).AppendLine();
        var files = new MarkdownTable("file", "raw", "gzip", "sent by Host");
        foreach (var file in sizes.GetProperty("files").EnumerateArray())
        {
            files.Row(file.GetProperty("file").GetString()!, Kb(file.GetProperty("rawBytes").GetDouble()), Kb(file.GetProperty("gzipBytes").GetDouble()),
                Invariant($"{Kb(file.GetProperty("servedBytes").GetDouble())} ({file.GetProperty("servedEncoding").GetString()})"));
        }
        text.Append(files).AppendLine();
        text.AppendLine(Invariant($"Loader {Kb(sizes.GetProperty("loaderGzipBytes").GetDouble())} and frame {Kb(sizes.GetProperty("frameGzipBytes").GetDouble())} gzipped.")).AppendLine();

        text.AppendLine(Invariant($"Main-thread time in headless Chromium, {measured.GetProperty("runs").GetInt32()} runs, each a fresh context with and without the loader in alternating order. ") +
            "\"Added\" is the p50 [p90] of the per-run differences; ≈ marks a difference these runs cannot tell from zero " +
            "(0 lies between its 10th and 90th percentiles). Before open: the page after load and 1 s of quiet. Opening: from the " +
            "click on the launcher (or on the same spot without the widget) until the greeting is shown and the page was quiet for 1 s. " +
            "The frame comes from Host's origin, so Chromium runs it in its own process: its main thread is not the page's and is shown apart.").AppendLine();

        var phases = measured.GetProperty("phases");
        var added = measured.GetProperty("loaderAdded");
        var table = new MarkdownTable("p50, ms", "page", "page + loader", "added by the loader", "opening: page", "opening: + loader", "added by opening", "frame's own main thread");
        foreach (var (key, label) in Metrics)
        {
            table.Row(label,
                P50(phases, "baseline", key), P50(phases, "beforeOpen", key), Added(added.GetProperty("beforeOpen"), key),
                P50(phases, "baselineClick", key), P50(phases, "afterOpen", key), Added(added.GetProperty("afterOpen"), key),
                phases.TryGetProperty("frameProcess", out var frame) && frame.ValueKind == JsonValueKind.Object ? P50(phases, "frameProcess", key) : "n/a");
        }
        text.Append(table);
        if (measured.TryGetProperty("streaming", out var streaming) && streaming.ValueKind == JsonValueKind.Object)
            AppendStreaming(text.AppendLine(), streaming);
        return text.ToString();
    }

    private static readonly (string Key, string Label)[] StreamingMetrics =
    [
        ("perTokenUs", "frame main-thread CPU per token, µs"),
        ("frameThreadCpuMs", "frame main-thread CPU, whole answer, ms"),
        ("frameTaskMs", "frame main-thread tasks (wall), ms"),
        ("frameScriptMs", "frame script, ms"),
        ("frameLayoutMs", "frame layout, ms"),
        ("frameRecalcStyleMs", "frame style recalculation, ms"),
        ("frameLongTaskCount", "frame long tasks (count)"),
        ("frameLongestTaskMs", "frame longest long task, ms"),
        ("pageThreadCpuMs", "page main-thread CPU, ms"),
        ("pageLongTaskCount", "page long tasks (count)"),
        ("pageLongTaskMs", "page long tasks (total), ms"),
        ("durationMs", "question sent → answer finished, ms"),
    ];

    private static void AppendStreaming(StringBuilder text, JsonElement streaming)
    {
        var tokens = streaming.GetProperty("tokens").GetInt32();
        var baseline = streaming.GetProperty("baseline");
        var before = streaming.GetProperty("before");
        var beforeLabel = baseline.ValueKind == JsonValueKind.Object && baseline.TryGetProperty("commit", out var commit)
            ? Invariant($"before: frame of {commit.GetString()}")
            : "before";
        text.AppendLine(Invariant($"One {tokens}-token Markdown answer (headings, paragraphs, lists, code, tables), streamed by Host's offline model one token every {streaming.GetProperty("wordDelayMs").GetInt32()} ms, ") +
            Invariant($"{streaming.GetProperty("runs").GetInt32()} runs after one warm-up, each in a fresh context, from the question sent to the frame's `chatwidget:answer-finished`. ") +
            "\"Before\" is the frame built from the earlier commit and served in place of the current one, in alternating order in the same run; " +
            "\"long tasks\" are tasks over 50 ms. p50 [p90]:").AppendLine();
        if (baseline.ValueKind == JsonValueKind.Object && baseline.TryGetProperty("error", out var error))
            text.AppendLine(Invariant($"No \"before\" in this run: the frame of `{baseline.GetProperty("ref").GetString()}` could not be built ({error.GetString()}).")).AppendLine();
        var table = new MarkdownTable("streamed answer", beforeLabel, "now");
        var current = streaming.GetProperty("current");
        foreach (var (key, label) in StreamingMetrics)
            table.Row(label, before.ValueKind == JsonValueKind.Object ? Spread(before, key) : "n/a", Spread(current, key));
        text.Append(table);
    }

    private static string Spread(JsonElement summary, string metric)
    {
        var value = summary.GetProperty(metric);
        return Invariant($"{Number(value.GetProperty("p50").GetDouble())} [{Number(value.GetProperty("p90").GetDouble())}]");
    }

    private static string P50(JsonElement phases, string phase, string metric) =>
        Number(phases.GetProperty(phase).GetProperty(metric).GetProperty("p50").GetDouble());

    private static string Added(JsonElement phase, string metric)
    {
        var value = phase.GetProperty(metric);
        var noise = value.GetProperty("withinNoise").GetBoolean() ? " ≈" : "";
        return Invariant($"{Number(value.GetProperty("p50").GetDouble())} [{Number(value.GetProperty("p90").GetDouble())}]{noise}");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Kb(double bytes) => Invariant($"{bytes / 1024:F2} KiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
