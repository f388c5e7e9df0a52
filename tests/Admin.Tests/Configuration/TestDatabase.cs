using ChatWidget.Admin.Configuration;
using ChatWidget.TestServers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>
/// The database under a test's store: the SQLite file of its data directory, or a fresh database of its own on the test
/// run's real PostgreSQL cluster. Contract tests are theories over both providers.
/// </summary>
internal sealed class TestDatabase
{
    private TestDatabase(string provider, string? connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public static TestDatabase Sqlite { get; } = new(DatabaseProviders.Sqlite, null);

    public string Provider { get; }

    /// <summary>The PostgreSQL database's connection string; null with SQLite.</summary>
    public string? ConnectionString { get; }

    public bool IsPostgres => Provider == DatabaseProviders.Postgres;

    /// <summary>An existing PostgreSQL database, e.g. on a cluster of the test's own.</summary>
    public static TestDatabase Postgres(string connectionString) => new(DatabaseProviders.Postgres, connectionString);

    public static async Task<TestDatabase> CreateAsync(string provider) => provider == DatabaseProviders.Postgres
        ? new TestDatabase(provider, await (await PostgresServer.SharedAsync()).CreateDatabaseAsync())
        : Sqlite;

    /// <summary>The settings an operator would write to point Host at this database.</summary>
    public IDictionary<string, string?> Settings => IsPostgres
        ? new Dictionary<string, string?>
        {
            ["ChatWidget:Database:Provider"] = DatabaseProviders.Postgres,
            ["ConnectionStrings:ChatWidget"] = ConnectionString,
        }
        : new Dictionary<string, string?>();

    /// <summary>A context built the way another process would: same database, nothing shared with any host.</summary>
    public ConfigurationDbContext OpenForeignContext(string sqlitePath) => IsPostgres
        ? new PostgresConfigurationDbContext(new DbContextOptionsBuilder<ConfigurationDbContext>().UseNpgsql(ConnectionString).Options)
        : new ConfigurationDbContext(new DbContextOptionsBuilder<ConfigurationDbContext>().UseSqlite($"Data Source={sqlitePath}").Options);

    /// <summary>Runs SQL behind the store's back (no version bump, no notification).</summary>
    public async Task ExecuteSqlAsync(string sqlitePath, string sql)
    {
        if (IsPostgres)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(TestTimeout.Token);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(TestTimeout.Token);
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={sqlitePath}");
        await sqlite.OpenAsync(TestTimeout.Token);
        await using var sqliteCommand = sqlite.CreateCommand();
        sqliteCommand.CommandText = sql;
        await sqliteCommand.ExecuteNonQueryAsync(TestTimeout.Token);
    }

    /// <summary>Closes idle pooled connections, so that a long test run does not pile up sessions on the shared cluster.</summary>
    public void ReleaseConnections()
    {
        if (IsPostgres)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
