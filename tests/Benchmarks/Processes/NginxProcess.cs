using System.Diagnostics;
using System.Net;
using ChatWidget.TestServers;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Debian's nginx in the foreground (<c>-g 'daemon off;'</c>) with its own prefix in a temporary directory: its
/// configuration, pid file, error log and temporary files all live there, so it touches nothing of the system's
/// nginx. Ready once a request through it reaches Host's <c>/readyz</c>. Stopping it ends the master and its workers.
/// </summary>
public sealed class NginxProcess : IDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _prefix;

    private NginxProcess(ChildProcess process, DirectoryInfo prefix, Uri address, string configuration)
    {
        _process = process;
        _prefix = prefix;
        Address = address;
        Configuration = configuration;
    }

    public Uri Address { get; }

    /// <summary>The nginx.conf it runs, as written.</summary>
    public string Configuration { get; }

    public int ProcessId => _process.Id;

    public static async Task<NginxProcess> StartAsync(IReadOnlyList<Uri> instances, HttpClient http)
    {
        var program = SystemProgram.Nginx;
        var prefix = Directory.CreateTempSubdirectory("chatwidget-bench-nginx-");
        // nginx started as root runs its workers as nobody: they must be able to reach the temporary directories.
        const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                         UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(Path.Combine(prefix.FullName, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix.FullName, "temp"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix.FullName, Traversable);
            File.SetUnixFileMode(Path.Combine(prefix.FullName, "temp"), Traversable);
        }
        var port = FreePort.Next();
        var configuration = NginxConfiguration.Render(port, instances.Select(i => i.Port).ToArray());
        await File.WriteAllTextAsync(Path.Combine(prefix.FullName, "nginx.conf"), configuration);

        var startInfo = new ProcessStartInfo(program) { WorkingDirectory = prefix.FullName };
        foreach (var argument in new[] { "-p", prefix.FullName + "/", "-c", "nginx.conf", "-e", "stderr", "-g", "daemon off;" })
            startInfo.ArgumentList.Add(argument);
        var process = ChildProcess.Start(startInfo);
        var address = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await WaitUntilProxyingAsync(new Uri(address, "/readyz"), process, prefix.FullName, http);
        }
        catch
        {
            process.Dispose();
            prefix.Delete(recursive: true);
            throw;
        }
        return new NginxProcess(process, prefix, address, configuration);
    }

    /// <summary>The version <c>nginx -v</c> names (e.g. <c>1.22.1</c>), for the report.</summary>
    public static async Task<string> VersionAsync()
    {
        var startInfo = new ProcessStartInfo(SystemProgram.Nginx, "-v") { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("nginx -v did not start.");
        var text = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Replace("nginx version:", "", StringComparison.Ordinal).Replace("nginx/", "", StringComparison.Ordinal).Trim();
    }

    private static async Task WaitUntilProxyingAsync(Uri readiness, ChildProcess process, string prefix, HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited during start. Its output:\n{process.Tail()}\n{ErrorLog(prefix)}");
            try
            {
                using var response = await http.GetAsync(readiness);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"nginx did not pass a request to Host within 30 s. Its output:\n{process.Tail()}\n{ErrorLog(prefix)}");
    }

    private static string ErrorLog(string prefix)
    {
        var log = Path.Combine(prefix, "logs", "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public void Dispose()
    {
        _process.Dispose();
        _prefix.Delete(recursive: true);
    }
}
