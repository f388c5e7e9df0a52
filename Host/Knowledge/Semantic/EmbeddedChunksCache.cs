using System.Collections.Concurrent;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// The <see cref="EmbeddedChunks"/> of each (embedding model, knowledge bases) in use, loaded from
/// <see cref="KnowledgeEmbeddingStore"/> on first use and kept until the bases' published revisions change. A set with
/// chunks still waiting for their vectors is loaded again once this process's indexer has saved some
/// (<see cref="VectorsSaved"/>), or after <see cref="IncompleteRefresh"/> (another instance may have saved them).
/// </summary>
/// <remarks>One load at a time per set: turns arriving meanwhile wait for the same load; a failed load is not kept.</remarks>
public sealed class EmbeddedChunksCache(KnowledgeEmbeddingStore store, TimeProvider time)
{
    public static readonly TimeSpan IncompleteRefresh = TimeSpan.FromSeconds(30);

    private sealed record Entry(EmbeddedChunks Chunks, string Revisions, long Generation, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The cache key of a model and a set of knowledge bases (in any order).</summary>
    public static string Key(string modelId, IReadOnlyList<string> knowledgeBaseIds) =>
        modelId + "\n" + string.Join('\n', knowledgeBaseIds.Order(StringComparer.Ordinal));

    /// <summary>Called by the indexer after it saved vectors: incomplete sets are loaded again at their next use.</summary>
    public void VectorsSaved() => Interlocked.Increment(ref _generation);

    /// <summary>Forgets every set not in <paramref name="keysInUse"/> (a profile changed its model or bases), freeing its vectors.</summary>
    public void Retain(IReadOnlySet<string> keysInUse)
    {
        foreach (var key in _entries.Keys.Where(k => !keysInUse.Contains(k))) _entries.TryRemove(key, out _);
    }

    /// <param name="publishedRevisions">The configuration's published revision of each knowledge base.</param>
    public async Task<EmbeddedChunks> GetAsync(string modelId, IReadOnlyList<string> knowledgeBaseIds,
        IReadOnlyDictionary<string, int> publishedRevisions, CancellationToken cancellationToken)
    {
        var key = Key(modelId, knowledgeBaseIds);
        var revisions = string.Join(',', knowledgeBaseIds.Order(StringComparer.Ordinal).Select(id => publishedRevisions.GetValueOrDefault(id)));
        while (true)
        {
            var current = _entries.GetOrAdd(key, _ => NewLoad(modelId, knowledgeBaseIds, revisions));
            Entry entry;
            try
            {
                // Not the turn's token: another turn may be waiting for the same load.
                entry = await current.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _entries.TryRemove(KeyValuePair.Create(key, current));
                throw;
            }

            if (!IsStale(entry, revisions)) return entry.Chunks;
            _entries.TryUpdate(key, NewLoad(modelId, knowledgeBaseIds, revisions), current);
        }
    }

    private bool IsStale(Entry entry, string revisions) =>
        entry.Revisions != revisions
        || entry.Chunks.Unembedded > 0
            && (entry.Generation != Interlocked.Read(ref _generation) || time.GetUtcNow() - entry.LoadedAt >= IncompleteRefresh);

    private Lazy<Task<Entry>> NewLoad(string modelId, IReadOnlyList<string> knowledgeBaseIds, string revisions) => new(async () =>
    {
        var generation = Interlocked.Read(ref _generation);
        var loadedAt = time.GetUtcNow();
        var chunks = await store.ChunksAsync(modelId, knowledgeBaseIds, CancellationToken.None);
        return new Entry(new EmbeddedChunks(chunks), revisions, generation, loadedAt);
    });
}
