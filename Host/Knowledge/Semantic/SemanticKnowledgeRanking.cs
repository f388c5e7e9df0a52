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
/// full-text ranking alone (so does waiting longer than <see cref="QueryTimeout"/>), and is logged by
/// <see cref="EmbeddingFailures"/> (model id and failure, once a minute, never the question). No query is embedded
/// while the bases have no vector yet.
/// </remarks>
public sealed class SemanticKnowledgeRanking(
    ILiveConfiguration configuration,
    EmbeddedChunksCache cache,
    EmbeddingClient client,
    EmbeddingFailures failures) : IKnowledgeRanking
{
    /// <summary>
    /// The longest a turn waits for its query's vector (retries included) before it goes on with full text alone: a
    /// provider answers in a fraction of a second, and an endpoint that hangs must not hold every answer back.
    /// </summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

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
            // Wall-clock time, like every network wait: the learner is waiting for the first token meanwhile.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(QueryTimeout);
            var vectors = await client.EmbedAsync(model, [query], bounded.Token);
            return chunks.Nearest(vectors[0], limit);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failures.RankingTimedOut(model.Id);
            return [];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            failures.RankingFailed(model.Id, exception);
            return [];
        }
    }
}
