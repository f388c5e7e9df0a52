using System.Collections.Concurrent;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>
/// A knowledge index in memory for Host's tests: chunks per knowledge base, ranked by how many of the query's words
/// (three letters or more) they contain, like the real index's OR query. It counts its searches, and can be made to
/// fail as a database that went down does, with a message that quotes the query (as some engines' errors do).
/// </summary>
public sealed class InMemoryKnowledgeIndex : IKnowledgeIndex
{
    private readonly ConcurrentBag<KnowledgeHit> _chunks = [];
    private int _searches;
    private long _nextId;

    public int Searches => Volatile.Read(ref _searches);

    public bool Down { get; set; }

    public KnowledgeHit Add(string knowledgeBaseId, string sourceId, string title, string? heading, string text, int tokens, string? url = null)
    {
        var hit = new KnowledgeHit(Interlocked.Increment(ref _nextId), knowledgeBaseId, sourceId, title, url, heading, text, tokens, $"hash-{_nextId}", 0);
        _chunks.Add(hit);
        return hit;
    }

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(IReadOnlyList<string> knowledgeBaseIds, string query, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _searches);
        if (Down) throw new InvalidOperationException($"database unavailable while searching for '{query}'");
        var words = Words(query);
        IReadOnlyList<KnowledgeHit> hits =
        [
            .. _chunks.Where(c => knowledgeBaseIds.Contains(c.KnowledgeBaseId))
                .Select(c => (Chunk: c, Score: Words($"{c.Heading} {c.Text}").Count(words.Contains)))
                .Where(c => c.Score > 0)
                .OrderByDescending(c => c.Score).ThenBy(c => c.Chunk.ChunkId)
                .Take(limit)
                .Select(c => c.Chunk with { Score = c.Score }),
        ];
        return Task.FromResult(hits);
    }

    private static HashSet<string> Words(string text) =>
        text.Split((char[])[' ', '\n', '?', '.', ',', '!', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3).Select(w => w.ToLowerInvariant()).ToHashSet();
}
