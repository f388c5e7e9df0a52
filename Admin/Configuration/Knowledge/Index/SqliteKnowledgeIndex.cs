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
    private const string Sql = "SELECT " + KnowledgeHitReader.Columns + """
        , bm25("KnowledgeChunksFts", 2.0, 1.0)
        FROM "KnowledgeChunksFts" JOIN "KnowledgeChunks" c ON c."Id" = "KnowledgeChunksFts".rowid
        WHERE "KnowledgeChunksFts" MATCH $match AND c."KnowledgeBaseId" IN (SELECT value FROM json_each($bases))
        ORDER BY bm25("KnowledgeChunksFts", 2.0, 1.0), c."Id"
        LIMIT $limit
        """;

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
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        // Each word as an FTS5 string: letters and digits only, so the quotes cannot be closed from inside.
        command.Parameters.AddWithValue("$match", string.Join(" OR ", words.Select(w => "\"" + w + "\"")));
        command.Parameters.AddWithValue("$bases", JsonSerializer.Serialize(knowledgeBaseIds));
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await KnowledgeHitReader.ReadAsync(reader, lowerScoreIsBetter: true, cancellationToken);
    }
}
