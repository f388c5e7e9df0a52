namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The full-text index of the published knowledge bases, in the configuration database's own engine (SQLite FTS5,
/// PostgreSQL <c>tsvector</c>). Host asks it once per turn; the question is used in memory only.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>The best chunks for <paramref name="query"/> in the published revisions of the given knowledge bases, best first.</summary>
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// One chunk of a published document (or a question/answer entry) that matched a search.
/// <paramref name="SourceId"/> names the document ("doc-12") or entry ("entry-3") the chunk came from, stable across
/// revisions; <paramref name="Heading"/> is the chunk's heading path ("Grading › Late work"), or null.
/// <paramref name="Score"/> is the engine's relevance, higher is better, comparable within one search only.
/// </summary>
public sealed record KnowledgeHit(
    long ChunkId,
    string KnowledgeBaseId,
    string SourceId,
    string SourceTitle,
    string? SourceUrl,
    string? Heading,
    string Text,
    int Tokens,
    string ContentHash,
    double Score);
