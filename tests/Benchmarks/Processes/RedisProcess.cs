using System.Diagnostics;
using System.Globalization;
using ChatWidget.TestServers;
using StackExchange.Redis;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Debian's redis-server on a free loopback port, in a temporary directory, persisting nothing
/// (<c>--save "" --appendonly no</c>): the shared state of the Hosts under test. The benchmark also holds its own
/// connection, to read the server's command counts and to time a bare round trip; stopping it deletes the directory.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string ReadyLine = "Ready to accept connections";

    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly ConnectionMultiplexer _connection;

    private RedisProcess(ChildProcess process, DirectoryInfo directory, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _connection = connection;
        Version = connection.GetServer("127.0.0.1", port).Version.ToString();
    }

    public int Port { get; }

    /// <summary>The server's version, for the report.</summary>
    public string Version { get; }

    public int ProcessId => _process.Id;

    /// <summary>What a Host's <c>ConnectionStrings:Redis</c> says.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var program = SystemProgram.RedisServer;
        var directory = Directory.CreateTempSubdirectory("chatwidget-bench-redis-");
        var port = FreePort.Next();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startInfo = new ProcessStartInfo(program) { WorkingDirectory = directory.FullName };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory.FullName,
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                 })
            startInfo.ArgumentList.Add(argument);
        var process = ChildProcess.Start(startInfo);
        process.OutputLine += line =>
        {
            if (line.Contains(ReadyLine, StringComparison.Ordinal)) ready.TrySetResult();
        };
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true,name=bench");
            return new RedisProcess(process, directory, port, connection);
        }
        catch (Exception e)
        {
            var tail = process.Tail();
            process.Dispose();
            directory.Delete(recursive: true);
            throw new InvalidOperationException($"redis-server did not start ({e.Message}). Its output:\n{tail}", e);
        }
    }

    /// <summary>
    /// Calls per command and requests read so far (one <c>INFO all</c>): two readings around a phase give what the Hosts
    /// asked of Redis in it. The reading itself is one command and one read, which <see cref="RedisCommandStats.Since"/> leaves out.
    /// </summary>
    public async Task<RedisCommandStats> CommandStatsAsync()
    {
        var entries = (await _connection.GetServer("127.0.0.1", Port).InfoAsync("all")).SelectMany(s => s).ToList();
        const string Prefix = "cmdstat_";
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var field = entry.Value.Split(',').Select(f => f.Split('=', 2)).First(f => f[0] == "calls");
            calls[entry.Key[Prefix.Length..]] = long.Parse(field[1], CultureInfo.InvariantCulture);
        }
        var reads = entries.First(e => e.Key == "total_reads_processed").Value;
        return new RedisCommandStats(calls, long.Parse(reads, CultureInfo.InvariantCulture));
    }

    /// <summary>One bare round trip (PING) from this process, over the same client library Host uses.</summary>
    public async Task<TimeSpan> PingAsync() => await _connection.GetDatabase().PingAsync();

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
