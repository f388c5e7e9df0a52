using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// One Host as its own OS process, started from Host's build output the way the systemd unit starts the published
/// Host: <c>dotnet Host.dll --urls http://127.0.0.1:PORT</c>, its working directory (content root) the directory of
/// Host.dll, settings as environment variables. Everything it writes to standard output and error is kept, across
/// restarts, for canary checks and failure messages.
/// </summary>
public sealed partial class HostInstance : IAsyncDisposable
{
    private const int SigTerm = 15;

    // Inherited variables that would configure Host behind the harness's back (the test runner's own environment).
    private static readonly string[] InheritedPrefixesRemoved =
        ["ChatWidget__", "ConnectionStrings__", "ASPNETCORE_", "Logging__", "Kestrel__", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "AllowedHosts", "urls"];

    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private readonly List<string> _lines = [];
    private readonly HostInstanceOptions _options;
    private readonly Dictionary<string, string?> _environment;
    private Process? _process;
    private int _starts;

    private HostInstance(HostInstanceOptions options)
    {
        _options = options;
        _environment = EnvironmentFor(options);
    }

    public string Name => _options.Name;

    public int Port => _options.Port;

    /// <summary>The instance itself, bypassing nginx.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string DataDirectory => _options.DataDirectory;

    /// <summary>The environment variables the harness set (inherited ones that configure Host are removed).</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} was never started.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last run, once it ended.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Every line Host wrote to standard output or error, over all its runs; each run starts with a <c>=== NAME start N</c> line.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public string Output => string.Join('\n', OutputLines);

    /// <summary>
    /// The first <paramref name="max"/> log entries at warning level or above (console format: <c>warn:</c>, <c>fail:</c>,
    /// <c>crit:</c>, then the entry's indented lines), for failure messages when the whole output is too long to read.
    /// </summary>
    public string Problems(int max = 20)
    {
        var lines = OutputLines;
        var entries = new List<string>();
        for (var i = 0; i < lines.Count && entries.Count < max; i++)
        {
            if (!lines[i].StartsWith("warn:", StringComparison.Ordinal) && !lines[i].StartsWith("fail:", StringComparison.Ordinal)
                && !lines[i].StartsWith("crit:", StringComparison.Ordinal))
                continue;
            var entry = lines.Skip(i).Take(1).Concat(lines.Skip(i + 1).TakeWhile(l => l.StartsWith(' ')).Take(40));
            entries.Add(string.Join('\n', entry));
        }

        return entries.Count == 0 ? $"{Name}: no warnings or errors" : $"{Name}:\n{string.Join('\n', entries)}";
    }

    /// <summary>Starts Host and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<HostInstance> StartAsync(HostInstanceOptions options, CancellationToken cancellationToken = default)
    {
        var instance = new HostInstance(options);
        try
        {
            await instance.StartAgainAsync(cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts Host again after <see cref="StopAsync"/> or <see cref="Kill"/>: same port, settings and data directory.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is running.");
        _process?.Dispose();

        var start = HostProcess(["--urls", BaseAddress.ToString().TrimEnd('/')]);
        Append($"=== {Name} start {++_starts} on port {Port}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        _process = process;
        await WaitUntilHealthyAsync(_options.StartTimeout, cancellationToken);
    }

    /// <summary>Polls <c>/healthz</c> until it answers 200; throws with Host's output when Host exits or time runs out.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (!IsRunning)
                throw new InvalidOperationException($"{Name} exited during start with code {ExitCode}. Its output:\n{Output}");
            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, "/healthz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out on a busy machine; try again.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not answer /healthz within {timeout.TotalSeconds} s. Its output:\n{Output}");
    }

    /// <summary>
    /// SIGTERM, as systemd stops the unit: Host stops accepting connections and drains answers in progress. Waits for the
    /// exit and returns its code; after <paramref name="timeout"/> (default 60 s) it is killed, as TimeoutStopSec would.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        if (!process.HasExited && Signal(process.Id, SigTerm) != 0 && !process.HasExited)
            throw new InvalidOperationException($"Could not send SIGTERM to {Name} (pid {process.Id}): errno {Marshal.GetLastPInvokeError()}.");
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        process.WaitForExit(); // flushes the redirected output
        return process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill would end it; returns once the process is gone.</summary>
    public void Kill()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Resident set size now, in bytes (VmRSS of /proc/PID/status).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }

        throw new InvalidOperationException($"/proc/{ProcessId}/status has no VmRSS line.");
    }

    /// <summary>Waits until Host wrote a line matching <paramref name="predicate"/> (in any run) and returns it.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var match = OutputLines.FirstOrDefault(predicate);
            if (match is not null) return match;
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"{Name} wrote no matching line within {timeout.TotalSeconds} s. Its output:\n{Output}");
            await Task.Delay(50, cancellationToken);
        }
    }

    public override string ToString() => $"{Name} (127.0.0.1:{Port})";

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
        _process = null;
    }

    /// <summary><c>dotnet Host.dll ARGUMENTS</c> in Host's directory, with the harness's environment and nothing inherited that configures Host.</summary>
    private ProcessStartInfo HostProcess(IEnumerable<string> arguments)
    {
        var assembly = RepositoryLayout.HostAssembly;
        if (!File.Exists(assembly))
            throw new InvalidOperationException($"Host is not built: {assembly} does not exist. Build it with `dotnet build ChatWidget.sln`.");
        var start = new ProcessStartInfo(DotnetMuxer())
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (InheritedPrefixesRemoved.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))) start.Environment.Remove(name);
        }

        foreach (var (name, value) in _environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        return start;
    }

    private static Dictionary<string, string?> EnvironmentFor(HostInstanceOptions options)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = options.Environment,
            ["DOTNET_NOLOGO"] = "1",
            ["ChatWidget__DataDirectory"] = options.DataDirectory,
            // Published Host has no Widget/dist beside it; deployments point at the copied widget the same way.
            ["ChatWidget__Widget__DistDirectory"] = RepositoryLayout.WidgetDist,
            ["ChatWidget__Demo__Enabled"] = "false",
        };
        foreach (var (key, value) in options.Settings) environment[EnvironmentName(key)] = value;
        return environment;
    }

    /// <summary><c>ChatWidget:Sessions:Issuer</c> becomes <c>ChatWidget__Sessions__Issuer</c>.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The dotnet executable running these tests, so Host runs on the same runtime.</summary>
    private static string DotnetMuxer() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);
}
