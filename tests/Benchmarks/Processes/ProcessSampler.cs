using System.Globalization;
using System.Runtime.InteropServices;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Reads a process's CPU time and resident memory from <c>/proc</c> (Linux), the way <c>top</c> would,
/// so Host is measured from outside without an agent in it.
/// </summary>
public sealed class ProcessSampler(int pid)
{
    private const int ClockTicksPerSecondName = 2; // _SC_CLK_TCK

    private static readonly double ClockTicksPerSecond = SystemConfiguration(ClockTicksPerSecondName);

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name, which may itself contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Resident set size now, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>
    /// Samples resident memory every <paramref name="interval"/> until <paramref name="stop"/> fires and returns
    /// the peak: the phase's own peak, unlike the kernel's VmHWM, which remembers every earlier phase too.
    /// </summary>
    public async Task<long> PeakResidentBytesAsync(TimeSpan interval, CancellationToken stop)
    {
        var peak = ResidentBytes();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                peak = Math.Max(peak, ResidentBytes());
        }
        catch (OperationCanceledException)
        {
        }
        return Math.Max(peak, ResidentBytes());
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SystemConfiguration(int name);
}
