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
    public TimeSpan CpuTime() => CpuTimeOf($"/proc/{pid}/stat");

    /// <summary>
    /// CPU time of the runtime's background compiler threads alive now (<c>.NET Tiered Compilation Worker</c>): the JIT
    /// re-compiling hot methods, a cost of a process's first minutes rather than of each request. A worker that ended
    /// took its time with it, so a difference of two readings can only undercount it.
    /// </summary>
    public TimeSpan BackgroundCompilerCpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var thread in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(thread, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                    total += CpuTimeOf(Path.Combine(thread, "stat"));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return total;
    }

    private static TimeSpan CpuTimeOf(string statFile)
    {
        var stat = File.ReadAllText(statFile);
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
