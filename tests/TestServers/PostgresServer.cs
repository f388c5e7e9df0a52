using Npgsql;

namespace ChatWidget.TestServers;

/// <summary>
/// A real PostgreSQL cluster made with initdb in a temporary directory and run with pg_ctl on a free loopback port,
/// as a non-root user (PostgreSQL refuses to run as root: under root the cluster belongs to the postgres user).
/// Each test takes a database of its own with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "chatwidget";
    private static readonly SharedServer<PostgresServer> Shared = new(() => StartAsync());

    private readonly string _bin;
    private readonly string _directory;
    private readonly string? _runAs;
    private bool _running;

    private PostgresServer(string bin, string directory, string? runAs, int port)
    {
        _bin = bin;
        _directory = directory;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the maintenance database.</summary>
    public string AdminConnectionString => Connection("postgres");

    /// <summary>One cluster for the whole test run, stopped when the test process exits.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.GetAsync();

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = ServerBinaries.PostgresBin;
        var runAs = Environment.UserName == "root" ? await EnsureServiceUserAsync() : null;
        var directory = Directory.CreateTempSubdirectory("chatwidget-pg-").FullName;
        if (runAs is not null) await ServerProcess.RunAsync("chown", [$"{runAs}:", directory], TimeSpan.FromSeconds(10));

        var server = new PostgresServer(bin, directory, runAs, FreePort.Next());
        await server.RunAsync("initdb", ["-D", server.DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        await server.StartAgainAsync();
        return server;
    }

    private string DataDirectory => Path.Combine(_directory, "cluster");

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    public string Connection(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Pooling = true, Timeout = 5,
        }.ConnectionString;

    public async Task StartAgainAsync()
    {
        if (_running) return;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start"]);
        _running = true;
    }

    /// <summary>Stops the cluster at once (open connections are cut), as an outage would.</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        _running = false;
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var path = Path.Combine(_bin, program);
        return _runAs is null
            ? ServerProcess.RunAsync(path, arguments, TimeSpan.FromSeconds(90))
            : ServerProcess.RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], TimeSpan.FromSeconds(90));
    }

    /// <summary>Under root: Debian's postgres user when the package made one, else a system user of the tests' own.</summary>
    private static async Task<string> EnsureServiceUserAsync()
    {
        if (await UserExistsAsync("postgres")) return "postgres";
        const string user = "chatwidget-test";
        if (!await UserExistsAsync(user))
            await ServerProcess.RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], TimeSpan.FromSeconds(30));
        return user;
    }

    private static async Task<bool> UserExistsAsync(string user)
    {
        try
        {
            await ServerProcess.RunAsync("id", ["-u", user], TimeSpan.FromSeconds(10));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
