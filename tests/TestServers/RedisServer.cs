using StackExchange.Redis;

namespace ChatWidget.TestServers;

/// <summary>
/// A real redis-server on a free loopback port, in a temporary directory, persisting nothing. It can be stopped and
/// started again on the same port, as an operator's restart would.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly SharedServer<RedisServer> Shared = new(() => StartAsync());
    private readonly string _directory;
    private ServerProcess? _process;

    private RedisServer(int port, string? password, string directory)
    {
        Port = port;
        Password = password;
        _directory = directory;
    }

    public int Port { get; }

    public string? Password { get; }

    /// <summary>A StackExchange.Redis configuration string, as an operator writes into ConnectionStrings:Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}" + (Password is null ? "" : $",password={Password}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// One server for the whole test run, stopped when the test process exits. Tests sharing it keep apart by key prefix;
    /// a test that stops Redis starts its own with <see cref="StartAsync"/>.
    /// </summary>
    public static Task<RedisServer> SharedAsync() => Shared.GetAsync();

    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var server = new RedisServer(FreePort.Next(), password, Directory.CreateTempSubdirectory("chatwidget-redis-").FullName);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        List<string> arguments =
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
        ];
        if (Password is not null) arguments.AddRange(["--requirepass", Password]);
        _process = ServerProcess.Start(ServerBinaries.Redis, arguments);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(15), () => _process.Output);
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    /// <summary>Every key with its value as text (strings, hashes, sorted sets, lists, sets), for canary checks.</summary>
    public async Task<IReadOnlyList<string>> DumpAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer("127.0.0.1", Port);
        var database = connection.GetDatabase();
        var dump = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            var type = await database.KeyTypeAsync(key);
            var value = type switch
            {
                RedisType.String => (string?)await database.StringGetAsync(key),
                RedisType.Hash => string.Join(',', (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                RedisType.SortedSet => string.Join(',', (await database.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}:{e.Score}")),
                RedisType.List => string.Join(',', await database.ListRangeAsync(key)),
                RedisType.Set => string.Join(',', await database.SetMembersAsync(key)),
                _ => type.ToString(),
            };
            dump.Add($"{key} = {value}");
        }

        return dump;
    }

    /// <summary>Deletes every key, so that tests sharing a server start from nothing.</summary>
    public async Task FlushAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        await connection.GetServer("127.0.0.1", Port).FlushAllDatabasesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
