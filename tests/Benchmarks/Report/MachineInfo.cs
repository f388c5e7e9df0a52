using System.Runtime.InteropServices;

namespace ChatWidget.Benchmarks.Report;

/// <summary>The machine a report was measured on: absolute numbers mean little without it.</summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string OperatingSystem, string Runtime)
{
    public static MachineInfo Read() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemoryKiB() / 1024.0 / 1024.0,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static long MemoryKiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
