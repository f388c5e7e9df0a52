using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Knowledge;

/// <summary>The semantic ranking's vectors next to the published chunks, on SQLite and PostgreSQL.</summary>
public sealed class KnowledgeEmbeddingStoreTests
{
    public static TheoryData<string> Providers => new(DatabaseProviders.Sqlite, DatabaseProviders.Postgres);

    [Theory, MemberData(nameof(Providers))]
    public async Task Published_chunks_come_with_their_vector_of_the_model_or_none_yet(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("cs101", ("syllabus.txt", "Late work loses ten percent of its grade per day."),
            ("handbook.txt", "Office hours are on Tuesdays from two to four in room B12."));
        var embeddings = store.Services.GetRequiredService<KnowledgeEmbeddingStore>();
        var missing = await embeddings.MissingAsync("embed", ["cs101"], TestTimeout.Token);
        var syllabus = Assert.Single(missing, c => c.Text.StartsWith("Late work", StringComparison.Ordinal));
        float[] vector = [0.25f, -1.5f, 3e-8f];

        await embeddings.SaveAsync("embed", new Dictionary<string, float[]> { [syllabus.ContentHash] = vector }, TestTimeout.Token);
        await embeddings.SaveAsync("other", new Dictionary<string, float[]> { [syllabus.ContentHash] = [9f], [missing[1].ContentHash] = [9f] }, TestTimeout.Token);
        var chunks = await embeddings.ChunksAsync("embed", ["cs101"], TestTimeout.Token);

        Assert.Equal(2, chunks.Count);
        Assert.True(chunks[0].Chunk.ChunkId < chunks[1].Chunk.ChunkId);
        var embedded = Assert.Single(chunks, c => c.Vector is not null);
        Assert.Equal(syllabus.ContentHash, embedded.Chunk.ContentHash);
        Assert.Equal(("cs101", "syllabus"), (embedded.Chunk.KnowledgeBaseId, embedded.Chunk.SourceTitle));
        Assert.StartsWith("doc-", embedded.Chunk.SourceId, StringComparison.Ordinal);
        Assert.Equal(vector, embedded.Vector);
        Assert.Empty(await embeddings.ChunksAsync("embed", ["other-base"], TestTimeout.Token));
    }
}
