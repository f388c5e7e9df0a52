using System.Globalization;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Several processes whose CPU time counts as one: the Host instances behind a proxy, or nginx's master and its
/// workers (found once, from <c>/proc</c>, after it started: nginx does not fork more while it runs).
/// </summary>
public sealed class ProcessGroup(IReadOnlyList<ProcessSampler> members)
{
    public int Count => members.Count;

    public TimeSpan CpuTime() => members.Aggregate(TimeSpan.Zero, (sum, member) => sum + member.CpuTime());

    public static ProcessGroup Of(params int[] pids) => new(pids.Select(p => new ProcessSampler(p)).ToArray());

    /// <summary>The process and its direct children.</summary>
    public static ProcessGroup WithChildren(int pid)
    {
        var pids = new List<int> { pid };
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The parent's pid is the second field after the parenthesised command name.
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                if (parent == pid.ToString(CultureInfo.InvariantCulture)) pids.Add(candidate);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return Of([.. pids]);
    }
}
