using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// <see cref="IKnowledgeIndex"/> on PostgreSQL full-text search: <c>KnowledgeChunks."SearchVector"</c> (heading weight A,
/// text weight B, in the base's language, kept by a trigger, GIN-indexed). PostgreSQL finds the candidates (the chunks
/// holding any of the question's distinctive lexemes, through the GIN index) and ranks them by BM25, as SQLite's FTS5
/// does: each lexeme weighs by how rare it is in the bases searched (<see cref="PostgresTermStatistics"/>, <see cref="SearchedTerms"/>), a heading's lexemes
/// count twice. <c>ts_rank</c> and <c>ts_rank_cd</c> know no rarity, and ranked a chunk full of "course" and "week"
/// above the one that answers. Its own data source (pool); two statements a search. (SQLite leaves common words out
/// with <see cref="KnowledgeWordStatistics"/>; here the BM25 figures already say which words are common.)
/// </summary>
internal sealed class PostgresKnowledgeIndex(IOptions<ConfigurationStoreOptions> options) : IKnowledgeIndex, IAsyncDisposable, IDisposable
{
    // The question's lexemes in each base's own language, with the base's published revision.
    private const string LexemesSql = """
        SELECT kb."Id", kb."PublishedRevision", array(SELECT DISTINCT lexeme FROM unnest(to_tsvector(kb."Language"::regconfig, $2)))
        FROM "KnowledgeBases" kb WHERE kb."Id" = ANY($1) AND kb."PublishedRevision" IS NOT NULL
        """;

    // BM25 with k1 = 1.2 and b = 0.75 over a chunk's own lexemes (their positions are the term frequency).
    private const string RankSql = "SELECT " + KnowledgeHitReader.Columns + """
        , s.score
        FROM "KnowledgeChunks" c
        CROSS JOIN LATERAL (
            SELECT sum(w.idf * cardinality(u.positions) * 2.2
                       / (cardinality(u.positions) + 1.2 * (0.25 + 0.75 * c."Tokens" / w.mean))
                       * CASE WHEN 'A' = ANY(u.weights) THEN 2.0 ELSE 1.0 END) AS score
            FROM unnest(c."SearchVector") u
            JOIN unnest($3::text[], $4::text[], $5::float8[], $6::float8[]) AS w(base, lexeme, idf, mean)
              ON w.base = c."KnowledgeBaseId" AND w.lexeme = u.lexeme
        ) s
        WHERE c."KnowledgeBaseId" = ANY($1) AND c."SearchVector" @@ $2::tsquery AND s.score > 0
        ORDER BY s.score DESC, c."Id"
        LIMIT $7
        """;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(options.Value.Database.ConnectionString!);
    private readonly PostgresTermStatistics statistics = new();

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken)
    {
        var words = KnowledgeQueryWords.Of(query);
        if (words.Count == 0 || knowledgeBaseIds.Count == 0 || limit <= 0) return [];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var weights = await WeightsAsync(connection, knowledgeBaseIds, string.Join(' ', words), cancellationToken);
        if (weights.Count == 0) return [];

        // Candidates by the distinctive lexemes only: a lexeme in most chunks would make every chunk a candidate.
        var distinctive = weights.Where(w => !w.Common).Select(w => w.Lexeme).Distinct().ToList();
        var candidates = distinctive.Count > 0 ? distinctive : weights.Select(w => w.Lexeme).Distinct().ToList();

        await using var command = new NpgsqlCommand(RankSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = knowledgeBaseIds.ToArray() });
        // Lexemes are letters and digits only (see TermWeight.IsPlain), so quoting them cannot form an operator.
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.Join(" | ", candidates.Select(l => "'" + l + "'")) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = weights.Select(w => w.Base).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = weights.Select(w => w.Lexeme).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<double[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, TypedValue = weights.Select(w => w.Idf).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<double[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, TypedValue = weights.Select(w => w.MeanTokens).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await KnowledgeHitReader.ReadAsync(reader, lowerScoreIsBetter: false, cancellationToken);
    }

    private async Task<List<TermWeight>> WeightsAsync(NpgsqlConnection connection, IReadOnlyList<string> knowledgeBaseIds, string words,
        CancellationToken cancellationToken)
    {
        var lexemes = new List<(string Base, int Revision, string[] Lexemes)>();
        await using (var command = new NpgsqlCommand(LexemesSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = knowledgeBaseIds.ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = words });
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                lexemes.Add((reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<string[]>(2)));
        }

        var bases = new List<BaseTerms>();
        foreach (var (knowledgeBase, revision, _) in lexemes)
            bases.Add(await statistics.ForAsync(connection, knowledgeBase, revision, cancellationToken));
        var searched = new SearchedTerms(bases);

        var weights = new List<TermWeight>();
        foreach (var (knowledgeBase, _, baseLexemes) in lexemes)
        {
            weights.AddRange(baseLexemes
                .Where(TermWeight.IsPlain)
                .Select(l => new TermWeight(knowledgeBase, l, searched.InverseFrequency(l), searched.MeanTokens, searched.IsCommon(l)))
                .Where(w => w.Idf > 0));
        }

        return weights;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}

/// <summary>A lexeme of the question in one base, with its BM25 weight there and whether it is too common to pick candidates by.</summary>
internal sealed record TermWeight(string Base, string Lexeme, double Idf, double MeanTokens, bool Common)
{
    public static bool IsPlain(string lexeme) => lexeme.Length > 0 && lexeme.All(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark);
}
