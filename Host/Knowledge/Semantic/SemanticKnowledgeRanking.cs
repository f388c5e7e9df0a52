using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// The semantic ranking of a profile's knowledge base chunks, for a profile that names an embedding model
/// (<see cref="GroundingSettings.EmbeddingModelId"/>): the turn's query is embedded (one call to the model's
/// <c>/embeddings</c>) and compared by cosine similarity with the vectors of the bases' published chunks
/// (<see cref="EmbeddedChunksCache"/>). A profile without an embedding model costs nothing and gets an empty list.
/// </summary>
/// <remarks>
/// Any failure (the endpoint down, a bad answer, the database) gives an empty list, so the turn goes on with the
/// full-text ranking alone, and is logged by <see cref="EmbeddingFailures"/> (model id and failure, once a minute,
/// never the question). Nothing is embedded while the bases have no vector yet.
/// </remarks>
public sealed class SemanticKnowledgeRanking(
    ILiveConfiguration configuration,
    EmbeddedChunksCache cache,
    EmbeddingClient client,
    EmbeddingFailures failures) : IKnowledgeRanking
{
    public async Task<IReadOnlyList<KnowledgeHit>> RankAsync(ProfileSettings profile, string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Grounding is not { EmbeddingModelId: { } modelId, KnowledgeBaseIds.Count: > 0 } grounding) return [];

        var snapshot = await configuration.CurrentAsync(cancellationToken);
        if (EmbeddingModel.Resolve(snapshot, modelId) is not { } model)
        {
            failures.NotAnEmbeddingModel(modelId);
            return [];
        }

        try
        {
            var chunks = await cache.GetAsync(model.Id, grounding.KnowledgeBaseIds, snapshot.KnowledgeRevisions, cancellationToken);
            if (chunks.Count == 0) return [];
            var vectors = await client.EmbedAsync(model, [query], cancellationToken);
            return chunks.Nearest(vectors[0], limit);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            failures.RankingFailed(model.Id, exception);
            return [];
        }
    }
}
