using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// A process the benchmark starts and owns: its output is kept (last lines only) for error messages, and
/// disposing it kills the whole process tree, so a failed run leaves nothing listening behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Called with every line the process writes to standard output, before it is kept.</summary>
    public event Action<string>? OutputLine;

    public static ChildProcess Start(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data, isOutput: true);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data, isOutput: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail() => string.Join('\n', _lastLines);

    private void Keep(string? line, bool isOutput)
    {
        if (line is null) return;
        if (isOutput) OutputLine?.Invoke(line);
        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines) _lastLines.TryDequeue(out _);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
