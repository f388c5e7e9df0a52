using System.Runtime.InteropServices;

namespace ChatWidget.Benchmarks.Report;

/// <summary>
/// The machine a report was measured on: absolute numbers mean little without it, nor without what else it was doing
/// (the load average when the run started and when it ended, which counts the run's own processes too).
/// </summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string OperatingSystem, string Runtime, double LoadAtStart)
{
    public double? LoadAtEnd { get; init; }

    /// <summary>Host's runtime settings that shape its CPU and memory figures (GC, thread pool), as it ran.</summary>
    public string HostRuntime { get; init; } = "";

    /// <summary>The GC and thread-pool settings of Host's runtimeconfig.json, then any <c>--host-env</c> runtime variables.</summary>
    public static string DescribeHostRuntime(string hostAssembly, IReadOnlyDictionary<string, string> environment)
    {
        var settings = new List<string>();
        var runtimeConfig = Path.ChangeExtension(hostAssembly, ".runtimeconfig.json");
        if (File.Exists(runtimeConfig))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(runtimeConfig));
            if (json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
            {
                settings.AddRange(properties.EnumerateObject()
                    .Where(p => p.Name.StartsWith("System.GC.", StringComparison.Ordinal) || p.Name.StartsWith("System.Threading.", StringComparison.Ordinal))
                    .Select(p => $"{p.Name}={p.Value}"));
            }
        }
        settings.AddRange(environment.Where(v => v.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).Select(v => $"{v.Key}={v.Value}"));
        return settings.Count == 0 ? "runtime defaults" : string.Join(", ", settings) + " (anything unnamed at the runtime's default; .NET 10's Server GC adapts its heap count, DATAS)";
    }

    public static MachineInfo Read() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemoryKiB() / 1024.0 / 1024.0,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverage());

    /// <summary>The one-minute load average: runnable and waiting processes, as <c>uptime</c> shows it.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static long MemoryKiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
