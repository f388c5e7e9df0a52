using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// `token-path`: the in-process cost of Host's token code with BenchmarkDotNet (launch exchanges for an ES256 and an
/// HS256 platform, their costly steps, and access-token validation), written as JSON for the benchmark report.
/// Exchanges per second over HTTP are measured by the load run; this is the floor set by the token code alone.
/// </summary>
public static class TokenPathSuite
{
    private const string Usage = "usage: token-path --out <file.json> [--quick]";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Operation names are read by people too: keep their apostrophes and plus signs legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(string[] args)
    {
        if (!TryParse(args, out var outFile, out var quick))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        // BenchmarkDotNet's logs and exported tables go to a temp directory, never into the repository.
        var artifacts = Directory.CreateTempSubdirectory("chatwidget-token-path-bdn-").FullName;
        Summary[] summaries;
        try
        {
            summaries = BenchmarkRunner.Run(
            [
                BenchmarkConverter.TypeToBenchmarks(typeof(LaunchExchangeBenchmarks), TokenPathConfig.CreateForTokenPool(quick, artifacts)),
                BenchmarkConverter.TypeToBenchmarks(typeof(LaunchStepBenchmarks), TokenPathConfig.Create(quick, artifacts)),
                BenchmarkConverter.TypeToBenchmarks(typeof(AccessTokenBenchmarks), TokenPathConfig.Create(quick, artifacts)),
            ]);
        }
        catch (Exception e)
        {
            // In process, a failed setup or cleanup check can take BenchmarkDotNet down with it rather than fail one benchmark.
            Console.Error.WriteLine($"token-path: BenchmarkDotNet aborted ({e.GetType().Name}: {e.Message}); nothing written to {outFile}.");
            Console.Error.WriteLine("  A benchmark's setup or cleanup check failing (\"the measurement is void\") is the usual cause: see the log above.");
            return 1;
        }

        var (report, problems) = TokenPathReport.From(summaries);
        if (report is null)
        {
            Console.Error.WriteLine($"token-path: the suite did not produce trustworthy numbers; nothing written to {outFile}.");
            foreach (var problem in problems) Console.Error.WriteLine($"  {problem}");
            return 1;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outFile));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(outFile, JsonSerializer.Serialize(report, Json));
        Console.WriteLine($"token-path: {report.Results.Count} results written to {outFile} (BenchmarkDotNet artifacts in {artifacts}).");
        return 0;
    }

    private static bool TryParse(string[] args, out string outFile, out bool quick)
    {
        outFile = "";
        quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    Console.Error.WriteLine($"token-path: unexpected argument \"{args[i]}\".");
                    return false;
            }
        }

        if (outFile.Length == 0) Console.Error.WriteLine("token-path: --out <file.json> is required.");
        return outFile.Length > 0;
    }
}
