using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// A PostgreSQL advisory lock held while one instance migrates and seeds the database. Instances starting at the same
/// moment queue on it, so migrations run once and the seed file is applied by one instance at a time: the next one finds
/// it applied and writes nothing.
/// </summary>
internal sealed class PostgresStartupLock : IAsyncDisposable
{
    // Any 64-bit number works if every instance uses the same one; these bytes spell "ChatWdgt" so pg_locks shows whose it is.
    private const long LockKey = 0x4368_6174_5764_6774;

    private readonly NpgsqlConnection connection;

    private PostgresStartupLock(NpgsqlConnection connection) => this.connection = connection;

    /// <exception cref="NpgsqlException">The server cannot be reached.</exception>
    public static async Task<PostgresStartupLock> AcquireAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        // A session of its own, outside the pool: an advisory lock belongs to the session, so closing the connection
        // releases it even when the unlock cannot be sent, and no pooled connection is ever handed out holding it.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!await TryLockAsync(connection, cancellationToken))
            {
                logger.LogInformation("Another instance is preparing the configuration database; waiting for it to finish");
                await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
                wait.Parameters.AddWithValue("key", LockKey);
                await wait.ExecuteNonQueryAsync(cancellationToken);
            }

            return new PostgresStartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", LockKey);
            await unlock.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The session is going away anyway, and the server releases a session's locks when it ends.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
