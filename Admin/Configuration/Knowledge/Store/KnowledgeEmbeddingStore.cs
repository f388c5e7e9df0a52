using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The chunk vectors of the semantic ranking, keyed by (embedding model, content hash): what still needs embedding,
/// saving new vectors, and loading the vectors of the published chunks of some knowledge bases. Vectors are not
/// configuration: saving them bumps no version.
/// </summary>
public sealed class KnowledgeEmbeddingStore(IDbContextFactory<ConfigurationDbContext> contextFactory)
{
    /// <summary>The distinct content (hash, heading, text) of the bases' published chunks that has no vector of <paramref name="modelId"/> yet.</summary>
    public async Task<IReadOnlyList<KnowledgeChunkContent>> MissingAsync(string modelId, IReadOnlyList<string> knowledgeBaseIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var missing = await db.KnowledgeChunks.AsNoTracking()
            .Where(c => knowledgeBaseIds.Contains(c.KnowledgeBaseId)
                && !db.KnowledgeEmbeddings.Any(e => e.ModelId == modelId && e.ContentHash == c.ContentHash))
            .Select(c => new KnowledgeChunkContent(c.ContentHash, c.Heading, c.Text))
            .ToListAsync(cancellationToken);
        return missing.DistinctBy(c => c.ContentHash).ToList();
    }

    /// <summary>Saves vectors (content hash → vector) of <paramref name="modelId"/>; a hash saved meanwhile by another instance is kept as it is.</summary>
    public async Task SaveAsync(string modelId, IReadOnlyDictionary<string, float[]> vectors, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hashes = vectors.Keys.ToList();
        var existing = await db.KnowledgeEmbeddings.Where(e => e.ModelId == modelId && hashes.Contains(e.ContentHash))
            .Select(e => e.ContentHash).ToListAsync(cancellationToken);
        foreach (var (hash, vector) in vectors.Where(v => !existing.Contains(v.Key)))
        {
            db.KnowledgeEmbeddings.Add(new StoredKnowledgeEmbedding
            {
                ModelId = modelId, ContentHash = hash, Dimensions = vector.Length, Vector = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(),
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance embedded the same content at the same moment: its vectors are as good as these.
        }
    }

    /// <summary>
    /// Every published chunk of the given bases, with its vector of <paramref name="modelId"/> or null while it has none
    /// yet (in chunk order): what the semantic ranking compares a question with, and how much of it is not embedded yet.
    /// </summary>
    public async Task<IReadOnlyList<EmbeddedKnowledgeChunk>> ChunksAsync(string modelId, IReadOnlyList<string> knowledgeBaseIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from c in db.KnowledgeChunks.AsNoTracking()
                where knowledgeBaseIds.Contains(c.KnowledgeBaseId)
                join e in db.KnowledgeEmbeddings.AsNoTracking().Where(e => e.ModelId == modelId) on c.ContentHash equals e.ContentHash into vectors
                from e in vectors.DefaultIfEmpty()
                orderby c.Id
                select new { Chunk = c, Vector = e == null ? null : e.Vector })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new EmbeddedKnowledgeChunk(
            new KnowledgeHit(r.Chunk.Id, r.Chunk.KnowledgeBaseId, r.Chunk.SourceId, r.Chunk.SourceTitle, r.Chunk.SourceUrl, r.Chunk.Heading,
                r.Chunk.Text, r.Chunk.Tokens, r.Chunk.ContentHash, Score: 0),
            r.Vector is null ? null : MemoryMarshal.Cast<byte, float>(r.Vector).ToArray())).ToList();
    }
}

/// <summary>A published chunk (as a hit, score 0) and its vector of one embedding model, or null when it has none yet.</summary>
public sealed record EmbeddedKnowledgeChunk(KnowledgeHit Chunk, float[]? Vector);

/// <summary>What an embedding is computed from: a chunk's heading and text, under the hash its vector is stored by.</summary>
public sealed record KnowledgeChunkContent(string ContentHash, string? Heading, string Text);
