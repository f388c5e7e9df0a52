using System.Text;
using System.Text.RegularExpressions;

namespace ChatWidget.TestServers;

/// <summary>
/// Debian's nginx running a site file of the repository (deploy/nginx/chatwidget.conf) on loopback: a foreground
/// process (<c>daemon off</c>) with its pid file, logs and temporary files in a prefix directory of its own, so it needs
/// no root paths and leaves nothing behind.
/// </summary>
/// <remarks>
/// The site file is included as it is, never copied. What it includes from <c>chatwidget/</c> (relative includes
/// are read from the directory of the main configuration file) is what differs from one machine to another, and is
/// written here for loopback: <see cref="UpstreamsFile"/> with the given upstream servers, <see cref="HttpListenFile"/>
/// (the HTTP to HTTPS redirect) and <see cref="HttpsListenFile"/> (the site itself: TLS with a
/// <see cref="TestCertificate"/>, or plain HTTP without one) on free ports.
/// </remarks>
public sealed partial class NginxServer : IAsyncDisposable
{
    public const string IncludeDirectory = "chatwidget";
    public const string UpstreamsFile = "upstreams.conf";
    public const string HttpListenFile = "listen-http.conf";
    public const string HttpsListenFile = "listen-https.conf";

    private readonly string _directory;
    private readonly string _mainConfig;
    private ServerProcess? _process;

    private NginxServer(string directory, int port, int redirectPort, bool tls)
    {
        _directory = directory;
        _mainConfig = Path.Combine(directory, "nginx.conf");
        Port = port;
        RedirectPort = redirectPort;
        BaseAddress = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
        RedirectAddress = new Uri($"http://127.0.0.1:{redirectPort}");
    }

    /// <summary>The port of the site (the server block that proxies to the instances).</summary>
    public int Port { get; }

    /// <summary>The port of the plain-HTTP server block, which only redirects to HTTPS.</summary>
    public int RedirectPort { get; }

    /// <summary>The site's root: <c>https://127.0.0.1:PORT</c> with a certificate, <c>http://...</c> without.</summary>
    public Uri BaseAddress { get; }

    public Uri RedirectAddress { get; }

    /// <summary>What nginx wrote to its error log (standard error), for failure messages.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>The directory with nginx.conf, the included files, logs and temporary files.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Starts nginx with <paramref name="siteFile"/> in its http block. <paramref name="upstreamServers"/> are the
    /// arguments of the <c>server</c> lines of the upstream, e.g. <c>127.0.0.1:5001 max_fails=3 fail_timeout=10s</c>.
    /// </summary>
    public static async Task<NginxServer> StartAsync(string siteFile, IEnumerable<string> upstreamServers, TestCertificate? certificate = null)
    {
        if (!File.Exists(siteFile)) throw new FileNotFoundException("The nginx site file does not exist.", siteFile);
        var binary = ServerBinaries.Nginx;
        var directory = System.IO.Directory.CreateTempSubdirectory("chatwidget-nginx-").FullName;
        var server = new NginxServer(directory, FreePort.Next(), FreePort.Next(), certificate is not null);
        try
        {
            var include = Path.Combine(directory, IncludeDirectory);
            System.IO.Directory.CreateDirectory(include);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "temp"));
            server.WriteUpstreams(upstreamServers);
            File.WriteAllText(Path.Combine(include, HttpListenFile),
                $"# Written by NginxServer: the redirect server on loopback.\nlisten 127.0.0.1:{server.RedirectPort};\n");
            File.WriteAllText(Path.Combine(include, HttpsListenFile), certificate is null
                ? $"# Written by NginxServer: the site on loopback, plain HTTP.\nlisten 127.0.0.1:{server.Port};\n"
                : $"""
                   # Written by NginxServer: the site on loopback, TLS with a test certificate.
                   listen 127.0.0.1:{server.Port} ssl http2;
                   ssl_certificate "{certificate.CertificateFile}";
                   ssl_certificate_key "{certificate.KeyFile}";

                   """);
            File.WriteAllText(server._mainConfig, MainConfiguration(directory, Path.GetFullPath(siteFile)));

            server._process = ServerProcess.Start(binary, ["-p", directory + "/", "-c", server._mainConfig, "-e", "stderr", "-g", "daemon off;"]);
            await server.WaitUntilListeningAsync(server.Port);
            await server.WaitUntilListeningAsync(server.RedirectPort);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>nginx -t</c> of <paramref name="siteFile"/> with the <c>chatwidget/</c> files of <paramref name="includeDirectory"/>,
    /// under the same main configuration <see cref="StartAsync"/> uses. Returns nginx's output; throws when the test fails.
    /// Nothing is started and no port is bound, so the production ports (80, 443) can stay in the files.
    /// </summary>
    public static async Task<string> TestConfigurationAsync(string siteFile, string includeDirectory)
    {
        var binary = ServerBinaries.Nginx;
        var directory = System.IO.Directory.CreateTempSubdirectory("chatwidget-nginx-test-").FullName;
        try
        {
            var include = Path.Combine(directory, IncludeDirectory);
            System.IO.Directory.CreateDirectory(include);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "temp"));
            foreach (var file in System.IO.Directory.GetFiles(includeDirectory))
                File.Copy(file, Path.Combine(include, Path.GetFileName(file)));
            var mainConfig = Path.Combine(directory, "nginx.conf");
            File.WriteAllText(mainConfig, MainConfiguration(directory, Path.GetFullPath(siteFile)));
            return await ServerProcess.RunAsync(binary, ["-p", directory + "/", "-c", mainConfig, "-e", "stderr", "-t"], TimeSpan.FromSeconds(30));
        }
        finally
        {
            TryDelete(directory);
        }
    }

    /// <summary>The access log, one line per request: client, request, status, which upstream answered (and its status), time.</summary>
    public IReadOnlyList<string> AccessLog()
    {
        var path = Path.Combine(_directory, "access.log");
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Replaces the upstream servers and reloads nginx (SIGHUP). Returns once the new workers run and the old ones have
    /// exited, so no request, not even one on a kept-alive client connection, is served by the old configuration.
    /// </summary>
    public async Task SetUpstreamsAsync(IEnumerable<string> upstreamServers)
    {
        if (_process is not { HasExited: false }) throw new InvalidOperationException("nginx is not running.");
        WriteUpstreams(upstreamServers);
        var before = Output;
        var oldWorkers = WorkerStarted().Matches(before).Select(m => m.Groups["pid"].Value).ToList();
        var reloads = Count(before, "reconfiguring");
        await ServerProcess.RunAsync("kill", ["-HUP", _process.Id.ToString()], TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var output = Output;
            var at = output.LastIndexOf("reconfiguring", StringComparison.Ordinal);
            if (Count(output, "reconfiguring") > reloads && output.IndexOf("start worker process", at, StringComparison.Ordinal) >= 0
                && oldWorkers.All(pid => output.Contains($"worker process {pid} exited", StringComparison.Ordinal)))
                return;
            if (output.Contains("[emerg]", StringComparison.Ordinal)) break;
            await Task.Delay(50);
        }

        throw new InvalidOperationException($"nginx did not reload its configuration.\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
            _process = null;
        }

        TryDelete(_directory);
    }

    private void WriteUpstreams(IEnumerable<string> upstreamServers)
    {
        var lines = new StringBuilder("# Written by NginxServer: the instances on loopback.\n");
        foreach (var server in upstreamServers) lines.Append("server ").Append(server).Append(";\n");
        File.WriteAllText(Path.Combine(_directory, IncludeDirectory, UpstreamsFile), lines.ToString());
    }

    /// <summary>
    /// What Debian's /etc/nginx/nginx.conf gives a site (gzip on, sendfile, the default type), with every path in the prefix.
    /// A master running as root starts its workers as root too, so they can use the prefix (a private temp directory).
    /// </summary>
    private static string MainConfiguration(string directory, string siteFile) =>
        $$"""
          # Written by tests/TestServers/NginxServer.cs.
          {{(Environment.UserName == "root" ? "user root root;" : "")}}
          worker_processes 1;
          worker_rlimit_nofile 16384;
          pid "{{directory}}/nginx.pid";
          error_log stderr notice;

          events {
              worker_connections 8192;
          }

          http {
              sendfile on;
              tcp_nopush on;
              types_hash_max_size 2048;
              default_type application/octet-stream;
              gzip on;

              log_format chatwidget_test '$remote_addr "$request" $status upstream=$upstream_addr upstream_status=$upstream_status time=$request_time';
              access_log "{{directory}}/access.log" chatwidget_test;
              client_body_temp_path "{{directory}}/temp/body";
              proxy_temp_path "{{directory}}/temp/proxy";
              fastcgi_temp_path "{{directory}}/temp/fastcgi";
              uwsgi_temp_path "{{directory}}/temp/uwsgi";
              scgi_temp_path "{{directory}}/temp/scgi";

              include "{{siteFile}}";
          }

          """;

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is null || _process.HasExited)
                throw new InvalidOperationException($"nginx exited during start.\n{Output}");
            try
            {
                await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromMilliseconds(200), () => "");
                return;
            }
            catch (TimeoutException)
            {
            }
        }

        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within 30 s.\n{Output}");
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"start worker process (?<pid>\d+)")]
    private static partial Regex WorkerStarted();
}
