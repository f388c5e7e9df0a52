using System.Collections.Concurrent;
using Npgsql;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// How many chunks of a knowledge base's published revision hold each lexeme, the number of chunks and their mean
/// length: what BM25 needs and PostgreSQL's own ranking (<c>ts_rank</c>, <c>ts_rank_cd</c>) ignores, so that a rare
/// word of the question outweighs a common one. Read once per revision and instance with <c>ts_stat</c>; a revision's
/// chunks never change, so the figures stay true until the next publish.
/// </summary>
internal sealed class PostgresTermStatistics
{
    private const string StatsSql = """
        SELECT word, ndoc FROM ts_stat(format('SELECT "SearchVector" FROM "KnowledgeChunks" WHERE "KnowledgeBaseId" = %L', $1::text))
        """;

    private const string SizeSql = """SELECT count(*), COALESCE(avg("Tokens"), 0) FROM "KnowledgeChunks" WHERE "KnowledgeBaseId" = $1""";

    // A base replaced by a publish has no planner statistics for its new rows yet: without them the planner
    // misjudges the GIN scan by an order of magnitude. Autovacuum would catch up later; the first search does it now.
    private const string AnalyzeSql = """ANALYZE "KnowledgeChunks" """;

    private readonly ConcurrentDictionary<string, BaseTerms> _bases = new(StringComparer.Ordinal);

    /// <summary>The statistics of <paramref name="knowledgeBaseId"/> at <paramref name="revision"/>, read now if this instance has older ones.</summary>
    public async Task<BaseTerms> ForAsync(NpgsqlConnection connection, string knowledgeBaseId, int revision, CancellationToken cancellationToken)
    {
        if (_bases.TryGetValue(knowledgeBaseId, out var known) && known.Revision == revision) return known;

        await using (var analyze = new NpgsqlCommand(AnalyzeSql, connection))
        {
            try
            {
                await analyze.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException)
            {
                // Not the table's owner: the planner waits for autovacuum instead.
            }
        }

        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var stats = new NpgsqlCommand(StatsSql, connection))
        {
            stats.Parameters.Add(new NpgsqlParameter<string> { TypedValue = knowledgeBaseId });
            await using var reader = await stats.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) frequencies[reader.GetString(0)] = reader.GetInt32(1);
        }

        await using var size = new NpgsqlCommand(SizeSql, connection);
        size.Parameters.Add(new NpgsqlParameter<string> { TypedValue = knowledgeBaseId });
        await using var sizes = await size.ExecuteReaderAsync(cancellationToken);
        await sizes.ReadAsync(cancellationToken);
        var terms = new BaseTerms(revision, sizes.GetInt64(0), Convert.ToDouble(sizes.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), frequencies);
        _bases[knowledgeBaseId] = terms;
        return terms;
    }
}

/// <summary>One base revision's figures: chunk count, mean chunk length in tokens, and lexeme → chunks holding it.</summary>
internal sealed record BaseTerms(int Revision, long Chunks, double MeanTokens, IReadOnlyDictionary<string, int> Frequencies);

/// <summary>
/// The bases of one search counted as one collection, as FTS5 counts its whole table: a word rare in one small base
/// must not outweigh the same word in a large one, or the small base's chunks would win every search.
/// </summary>
internal sealed class SearchedTerms(IReadOnlyList<BaseTerms> bases)
{
    private const double CommonShare = 0.25;
    private const int CommonChunks = 100;

    private readonly long _chunks = bases.Sum(b => b.Chunks);

    public double MeanTokens => _chunks == 0 ? 1 : Math.Max(1, bases.Sum(b => b.MeanTokens * b.Chunks) / _chunks);

    /// <summary>BM25's inverse document frequency of <paramref name="lexeme"/> (0 for a lexeme no base holds).</summary>
    public double InverseFrequency(string lexeme)
    {
        var df = Frequency(lexeme);
        return df == 0 ? 0 : Math.Log(1 + (_chunks - df + 0.5) / (df + 0.5));
    }

    /// <summary>
    /// Whether <paramref name="lexeme"/> is in so many chunks (a quarter of them, and over a hundred) that choosing
    /// candidates by it would make most of a large collection candidates: it still scores, but finds no candidates.
    /// </summary>
    public bool IsCommon(string lexeme)
    {
        var df = Frequency(lexeme);
        return df > _chunks * CommonShare && df > CommonChunks;
    }

    private long Frequency(string lexeme) => bases.Sum(b => (long)b.Frequencies.GetValueOrDefault(lexeme));
}
