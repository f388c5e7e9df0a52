using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Knowledge.Semantic;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>Cosine ranking of a set of embedded chunks.</summary>
public sealed class EmbeddedChunksTests
{
    private static EmbeddedKnowledgeChunk Chunk(long id, float[]? vector) =>
        new(new KnowledgeHit(id, "cs101", $"doc-{id}", "Doc", null, null, $"text {id}", 5, $"hash-{id}", 0), vector);

    [Fact]
    public void Chunks_are_ranked_by_cosine_similarity_whatever_their_length_and_unrelated_ones_are_left_out()
    {
        var chunks = new EmbeddedChunks([
            Chunk(1, [10, 0, 0]),   // same direction as the query, long
            Chunk(2, [1, 1, 0]),    // 45 degrees
            Chunk(3, [0, 0, 3]),    // orthogonal: unrelated
            Chunk(4, [-1, 0, 0]),   // opposite
            Chunk(5, null),         // not embedded yet
        ]);

        var hits = chunks.Nearest([2, 0, 0], limit: 10);

        Assert.Equal([1L, 2L], hits.Select(h => h.ChunkId));
        Assert.Equal(1.0, hits[0].Score, 5);
        Assert.Equal(Math.Sqrt(0.5), hits[1].Score, 5);
        Assert.Equal(1, chunks.Unembedded);
    }

    [Fact]
    public void Only_the_best_limit_chunks_are_returned_best_first()
    {
        var chunks = new EmbeddedChunks([.. Enumerable.Range(1, 20).Select(i => Chunk(i, [1, i]))]);

        var hits = chunks.Nearest([0, 1], limit: 3);

        Assert.Equal([20L, 19L, 18L], hits.Select(h => h.ChunkId));
    }

    [Fact]
    public void A_query_of_another_length_than_the_chunks_is_refused()
    {
        var chunks = new EmbeddedChunks([Chunk(1, [1, 0, 0]), Chunk(2, [1, 0])]);

        Assert.Equal(1, chunks.Unembedded);
        Assert.Throws<InvalidOperationException>(() => chunks.Nearest([1, 0], limit: 3));
    }
}
