using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// <see cref="IKnowledgeIndex"/> on PostgreSQL full-text search: <c>KnowledgeChunks."SearchVector"</c> (heading weight A,
/// text weight B, in the base's language, kept by a trigger, GIN-indexed), queried with the OR of the question's words
/// in each base's own language and ranked by <c>ts_rank_cd</c>. Its own data source (pool) with prepared statements.
/// </summary>
internal sealed class PostgresKnowledgeIndex(IOptions<ConfigurationStoreOptions> options) : IKnowledgeIndex, IAsyncDisposable, IDisposable
{
    // Ranked on ids first, so only the chunks returned are read in full. The language is a parameter, not a column, so
    // that the planner can match the search vector's GIN index against one constant query.
    private const string Sql = """
        SELECT
        """ + " " + KnowledgeHitReader.Columns + """
        , best.score
        FROM (SELECT c."Id", ts_rank_cd(c."SearchVector", query) AS score
              FROM "KnowledgeChunks" c, to_tsquery($2::regconfig, $3) query
              WHERE c."KnowledgeBaseId" = ANY($1) AND c."SearchVector" @@ query
              ORDER BY score DESC, c."Id" LIMIT $4) best
        JOIN "KnowledgeChunks" c ON c."Id" = best."Id"
        ORDER BY best.score DESC, c."Id"
        """;

    private const string LanguagesSql = """SELECT "Id", "Language" FROM "KnowledgeBases" WHERE "Id" = ANY($1)""";

    private const string VersionSql = """SELECT "Version" FROM "ConfigurationVersion" WHERE "Id" = 1""";
    private const string ChunksSql = "SELECT count(*) FROM \"KnowledgeChunks\"";
    private const string ChunksWithSql = """
        SELECT count(*) FROM "KnowledgeChunks" c JOIN "KnowledgeBases" kb ON kb."Id" = c."KnowledgeBaseId"
        WHERE c."SearchVector" @@ to_tsquery(kb."Language"::regconfig, $1)
        """;

    private readonly KnowledgeWordStatistics statistics = new();

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(options.Value.Database.ConnectionString!);

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken)
    {
        var words = KnowledgeQueryWords.Of(query);
        if (words.Count == 0 || knowledgeBaseIds.Count == 0 || limit <= 0) return [];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        words = await statistics.SelectiveAsync(words, await CountAsync(connection, VersionSql, null, cancellationToken),
            () => CountAsync(connection, ChunksSql, null, cancellationToken),
            word => CountAsync(connection, ChunksWithSql, Quoted(word), cancellationToken));
        if (words.Count == 0) return [];
        var tsquery = string.Join(" | ", words.Select(Quoted));
        var hits = new List<KnowledgeHit>();
        foreach (var language in await LanguagesAsync(connection, knowledgeBaseIds, cancellationToken))
        {
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = language.Bases });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = language.Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tsquery });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            hits.AddRange(await KnowledgeHitReader.ReadAsync(reader, lowerScoreIsBetter: false, cancellationToken));
        }

        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.ChunkId).Take(limit).ToList();
    }

    /// <summary>The bases grouped by language (almost always one group): each language is searched with its own stemming.</summary>
    private static async Task<List<(string Name, string[] Bases)>> LanguagesAsync(NpgsqlConnection connection, IReadOnlyList<string> knowledgeBaseIds,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LanguagesSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = knowledgeBaseIds.ToArray() });
        var bases = new List<(string Id, string Language)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) bases.Add((reader.GetString(0), reader.GetString(1)));
        }

        return bases.GroupBy(b => b.Language, StringComparer.Ordinal).Select(g => (g.Key, g.Select(b => b.Id).ToArray())).ToList();
    }

    // Each word quoted as a tsquery operand: letters and digits only, so no operator can be formed from the question.
    private static string Quoted(string word) => "'" + word + "'";

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string? query, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (query is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}
