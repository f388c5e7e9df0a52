using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// <see cref="IKnowledgeIndex"/> on SQLite's FTS5 (the external-content table <c>KnowledgeChunksFts</c> over
/// <c>KnowledgeChunks</c>, Porter stemming, diacritics folded), ranked by bm25 with the heading weighing twice the text.
/// One pooled connection and one statement per search, outside EF: a turn pays a fraction of a millisecond.
/// </summary>
internal sealed class SqliteKnowledgeIndex(IOptions<ConfigurationStoreOptions> options) : IKnowledgeIndex
{
    // The best chunks of all bases by rank alone (FTS5 ranks inside its own scan), then only those read in full and
    // filtered by base. Exact whenever it yields the number asked for (a better chunk of these bases would have been among
    // the best of all); with fewer, the exact query runs instead.
    private const string FastSql = "SELECT " + KnowledgeHitReader.Columns + """
        , best.score
        FROM (SELECT rowid AS id, rank AS score FROM "KnowledgeChunksFts"
              WHERE "KnowledgeChunksFts" MATCH $match AND rank MATCH 'bm25(2.0, 1.0)' ORDER BY rank LIMIT $wide) best
        JOIN "KnowledgeChunks" c ON c."Id" = best.id
        WHERE c."KnowledgeBaseId" IN (SELECT value FROM json_each($bases))
        ORDER BY best.score, c."Id"
        LIMIT $limit
        """;

    private const string ExactSql = "SELECT " + KnowledgeHitReader.Columns + """
        , best.score
        FROM (SELECT f.rowid AS id, f.rank AS score FROM "KnowledgeChunksFts" f JOIN "KnowledgeChunks" k ON k."Id" = f.rowid
              WHERE f."KnowledgeChunksFts" MATCH $match AND f.rank MATCH 'bm25(2.0, 1.0)'
                AND k."KnowledgeBaseId" IN (SELECT value FROM json_each($bases))
              ORDER BY f.rank LIMIT $limit) best
        JOIN "KnowledgeChunks" c ON c."Id" = best.id
        ORDER BY best.score, c."Id"
        """;

    /// <summary>How many of the best chunks of all bases the fast query considers per chunk asked for.</summary>
    private const int WideFactor = 20;

    private const string VersionSql = """SELECT "Version" FROM "ConfigurationVersion" WHERE "Id" = 1""";
    private const string ChunksSql = "SELECT count(*) FROM \"KnowledgeChunks\"";
    private const string ChunksWithSql = """SELECT count(*) FROM "KnowledgeChunksFts" WHERE "KnowledgeChunksFts" MATCH $match""";

    private readonly KnowledgeWordStatistics statistics = new();

    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.DatabasePath,
        Mode = SqliteOpenMode.ReadOnly,
    }.ToString();

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken)
    {
        var words = KnowledgeQueryWords.Of(query);
        if (words.Count == 0 || knowledgeBaseIds.Count == 0 || limit <= 0) return [];

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        words = await statistics.SelectiveAsync(words, await CountAsync(connection, VersionSql, null, cancellationToken),
            () => CountAsync(connection, ChunksSql, null, cancellationToken),
            word => CountAsync(connection, ChunksWithSql, Quoted(word), cancellationToken));
        if (words.Count == 0) return [];
        var match = string.Join(" OR ", words.Select(Quoted));
        var bases = JsonSerializer.Serialize(knowledgeBaseIds);
        var hits = await RunAsync(connection, FastSql, match, bases, limit, cancellationToken);
        return hits.Count == limit ? hits : await RunAsync(connection, ExactSql, match, bases, limit, cancellationToken);
    }

    // Each word as an FTS5 string: letters and digits only, so the quotes cannot be closed from inside.
    private static string Quoted(string word) => "\"" + word + "\"";

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, string? match, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (match is not null) command.Parameters.AddWithValue("$match", match);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<KnowledgeHit>> RunAsync(SqliteConnection connection, string sql, string match, string bases, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$bases", bases);
        command.Parameters.AddWithValue("$limit", limit);
        if (sql == FastSql) command.Parameters.AddWithValue("$wide", limit * WideFactor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await KnowledgeHitReader.ReadAsync(reader, lowerScoreIsBetter: true, cancellationToken);
    }
}
