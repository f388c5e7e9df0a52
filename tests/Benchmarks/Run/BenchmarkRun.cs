using System.Text.Json;
using ChatWidget.Benchmarks.Knowledge;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.Benchmarks.Report;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// The whole benchmark, in the order that keeps measurements apart: the fake upstream starts once; each client
/// library gets a fresh Host; then the shared-state comparisons start their own Redis, Hosts and nginx; then the
/// knowledge index is measured on SQLite and on a PostgreSQL of its own; then the BenchmarkDotNet suite and the browser
/// measurement run as their own processes while nothing else does. The report goes to the console and to docs/benchmarks.md.
/// </summary>
public static class BenchmarkRun
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(BenchmarkSettings.Usage);
            return 0;
        }

        BenchmarkSettings settings;
        try
        {
            settings = BenchmarkSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var paths = RepositoryPaths.Find();
        var measuredAt = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Read() with { HostRuntime = MachineInfo.DescribeHostRuntime(paths.HostAssembly, settings.HostEnvironment) };
        Console.WriteLine($"ChatWidget benchmarks on {machine.Cpu} ({machine.Cores} cores), {machine.Runtime}; load average {machine.LoadAtStart:F2}");

        var clients = new List<ClientRun>();
        SharedStateResult? sharedState = null;
        ScaleOutResult? scaleOut = null;
        string? yardstickConfiguration = null;
        using (var upstream = await UpstreamProcess.StartAsync())
        using (var client = new ChatStreamClient())
        {
            if (settings.RunClients)
            {
                // The yardstick: the same answers through a plain reverse-proxy hop.
                using var yardstick = await NginxProcess.StartAsync([upstream.Address], client.Http);
                yardstickConfiguration = yardstick.Configuration;
                var benchmark = new ClientBenchmark(settings, paths, upstream, yardstick, client);
                foreach (var library in settings.Clients)
                    clients.Add(await benchmark.RunAsync(library));
            }
            if (settings.RunSharedState) sharedState = await new SharedStateBenchmark(settings, paths, upstream, client).RunAsync();
            if (settings.RunScaleOut) scaleOut = await new ScaleOutBenchmark(settings, paths, upstream, client).RunAsync();
        }

        var knowledge = settings.RunKnowledge ? await new KnowledgeBenchmark(paths, settings.KnowledgeSearches).RunAsync() : null;

        var scratch = Directory.CreateTempSubdirectory("chatwidget-bench-results-");
        try
        {
            var tokenPath = settings.RunTokenPath ? (JsonElement?)await RunTokenPathAsync(paths, settings, scratch.FullName) : null;
            var widget = settings.RunWidget ? (JsonElement?)await RunWidgetAsync(paths, settings, scratch.FullName) : null;
            var report = new BenchmarkReport(measuredAt, machine with { LoadAtEnd = MachineInfo.LoadAverage() }, settings, clients, yardstickConfiguration, sharedState, scaleOut, knowledge, tokenPath, widget).ToMarkdown();
            Console.WriteLine();
            Console.WriteLine(report[..report.IndexOf("## Raw numbers", StringComparison.Ordinal)]);
            var reportFile = settings.ReportFile ?? paths.ReportFile;
            await File.WriteAllTextAsync(reportFile, report);
            Console.WriteLine($"Report written to {reportFile}");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        return 0;
    }

    private static async Task<JsonElement> RunTokenPathAsync(RepositoryPaths paths, BenchmarkSettings settings, string scratch)
    {
        Console.WriteLine("\n== Token path (BenchmarkDotNet)");
        var output = Path.Combine(scratch, "token-path.json");
        string[] arguments = [typeof(BenchmarkRun).Assembly.Location, "token-path", "--out", output, .. settings.Quick ? ["--quick"] : Array.Empty<string>()];
        await ExternalCommand.RunAsync("dotnet", arguments, paths.Root);
        return await ReadJsonAsync(output);
    }

    private static async Task<JsonElement> RunWidgetAsync(RepositoryPaths paths, BenchmarkSettings settings, string scratch)
    {
        Console.WriteLine("\n== Widget cost to the page (headless Chromium)");
        var output = Path.Combine(scratch, "widget-cost.json");
        await ExternalCommand.RunAsync("node",
            [Path.Combine("tests", "Benchmarks", "widget", "widget-cost.mjs"), "--out", output, "--runs", settings.WidgetRuns.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            paths.Root);
        return await ReadJsonAsync(output);
    }

    private static async Task<JsonElement> ReadJsonAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var json = await JsonDocument.ParseAsync(file);
        return json.RootElement.Clone();
    }
}
