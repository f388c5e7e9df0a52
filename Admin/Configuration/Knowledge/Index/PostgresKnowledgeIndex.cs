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
    private const string Sql = "SELECT " + KnowledgeHitReader.Columns + """
        , ts_rank_cd(c."SearchVector", q.query)
        FROM (SELECT kb."Id", to_tsquery(kb."Language"::regconfig, $2) AS query FROM "KnowledgeBases" kb WHERE kb."Id" = ANY($1)) q
        JOIN "KnowledgeChunks" c ON c."KnowledgeBaseId" = q."Id"
        WHERE c."SearchVector" @@ q.query
        ORDER BY 10 DESC, c."Id"
        LIMIT $3
        """;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(options.Value.Database.ConnectionString!);

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken)
    {
        var words = KnowledgeQueryWords.Of(query);
        if (words.Count == 0 || knowledgeBaseIds.Count == 0 || limit <= 0) return [];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = knowledgeBaseIds.ToArray() });
        // Each word quoted as a tsquery operand: letters and digits only, so no operator can be formed from the question.
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.Join(" | ", words.Select(w => "'" + w + "'")) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await KnowledgeHitReader.ReadAsync(reader, lowerScoreIsBetter: false, cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}
