using System.Numerics.Tensors;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// The embedded published chunks of one set of knowledge bases under one embedding model, in memory: their hits and
/// their vectors, normalised once when loaded and laid end to end, so that ranking a question is one SIMD dot product
/// per chunk (<see cref="TensorPrimitives"/>), which is the cosine similarity. Immutable and thread-safe.
/// </summary>
public sealed class EmbeddedChunks
{
    private readonly KnowledgeHit[] _hits;
    private readonly float[] _vectors;

    /// <param name="chunks">
    /// Chunks without a vector yet, and vectors of another length than the first (the model changed), are left out and
    /// counted in <see cref="Unembedded"/>.
    /// </param>
    public EmbeddedChunks(IReadOnlyList<EmbeddedKnowledgeChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        Dimensions = chunks.FirstOrDefault(c => c.Vector is { Length: > 0 })?.Vector!.Length ?? 0;
        var usable = chunks.Where(c => c.Vector is { } v && v.Length == Dimensions && Dimensions > 0).ToArray();
        Unembedded = chunks.Count - usable.Length;
        _hits = [.. usable.Select(c => c.Chunk)];
        _vectors = new float[usable.Length * Dimensions];
        for (var i = 0; i < usable.Length; i++)
        {
            var row = _vectors.AsSpan(i * Dimensions, Dimensions);
            usable[i].Vector.AsSpan().CopyTo(row);
            Normalize(row);
        }
    }

    public int Dimensions { get; }

    public int Count => _hits.Length;

    /// <summary>Published chunks that have no usable vector (yet): while there are any, the cache reloads this set now and then.</summary>
    public int Unembedded { get; }

    /// <summary>
    /// The <paramref name="limit"/> chunks most similar to <paramref name="query"/>, best first, scored by cosine
    /// similarity; chunks at or below 0 (unrelated or opposite) are left out.
    /// </summary>
    /// <exception cref="InvalidOperationException">The query's vector has another length than the chunks' (the model changed).</exception>
    public IReadOnlyList<KnowledgeHit> Nearest(ReadOnlySpan<float> query, int limit)
    {
        if (Count == 0 || limit <= 0) return [];
        if (query.Length != Dimensions)
            throw new InvalidOperationException($"The query vector has {query.Length} dimensions, the chunks' {Dimensions}.");

        var normalized = query.ToArray();
        Normalize(normalized);
        // The best `limit` so far, worst on top.
        var best = new PriorityQueue<int, float>(limit + 1);
        for (var i = 0; i < _hits.Length; i++)
        {
            var similarity = TensorPrimitives.Dot(_vectors.AsSpan(i * Dimensions, Dimensions), normalized);
            if (similarity <= 0 || float.IsNaN(similarity)) continue;
            if (best.Count < limit) best.Enqueue(i, similarity);
            else if (best.TryPeek(out _, out var worst) && similarity > worst) best.EnqueueDequeue(i, similarity);
        }

        var ranked = new KnowledgeHit[best.Count];
        for (var slot = ranked.Length - 1; best.TryDequeue(out var i, out var similarity); slot--)
            ranked[slot] = _hits[i] with { Score = similarity };
        return ranked;
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }
}
