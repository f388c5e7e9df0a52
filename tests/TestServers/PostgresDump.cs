using Npgsql;

namespace ChatWidget.TestServers;

/// <summary>
/// Every row of every table in a database, each as PostgreSQL's text form of the whole row, for canary checks that a
/// value (a secret, a learner id, a conversation) was never written anywhere, as a pg_dump of the data would show it.
/// </summary>
public static class PostgresDump
{
    public static async Task<IReadOnlyList<string>> AllRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
                         "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT CAST(t AS text) FROM {table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table} {reader.GetString(0)}");
        }

        return rows;
    }
}
