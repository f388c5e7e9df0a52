using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// A further ranking of a profile's knowledge base chunks for a turn (the semantic one, by an embedding model), fused
/// with the full-text ranking by <see cref="ReciprocalRankFusion"/>. Every registered ranking is asked on every turn of
/// a profile with knowledge bases; one that does not apply to the profile (no embedding model) answers an empty list.
/// </summary>
public interface IKnowledgeRanking
{
    /// <summary>
    /// The profile's best chunks for <paramref name="query"/>, best first. A failure is caught by the retriever: the turn
    /// goes on without this ranking.
    /// </summary>
    Task<IReadOnlyList<KnowledgeHit>> RankAsync(ProfileSettings profile, string query, int limit, CancellationToken cancellationToken);
}
