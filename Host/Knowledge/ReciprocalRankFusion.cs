using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// Merges rankings of the same candidates into one by reciprocal rank fusion: a candidate scores the sum of
/// 1 / (<see cref="K"/> + rank) over the rankings it appears in, so agreement between rankings wins and no ranking's raw
/// scores (bm25, ts_rank_cd, cosine) need to be comparable. Candidates are the same when their chunk ids are.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The usual constant (Cormack et al.): damps the weight of the very first ranks.</summary>
    public const int K = 60;

    /// <summary>One ranking, best first; equal scores keep the order of the earlier ranking, then of the rank.</summary>
    public static IReadOnlyList<KnowledgeHit> Fuse(IReadOnlyList<IReadOnlyList<KnowledgeHit>> rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var nonEmpty = rankings.Where(r => r.Count > 0).ToList();
        if (nonEmpty.Count <= 1) return nonEmpty.Count == 0 ? [] : nonEmpty[0];

        var fused = new Dictionary<long, (KnowledgeHit Hit, double Score, int FirstSeen)>();
        foreach (var ranking in nonEmpty)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var hit = ranking[rank];
                var contribution = 1.0 / (K + rank + 1);
                fused[hit.ChunkId] = fused.TryGetValue(hit.ChunkId, out var known)
                    ? (known.Hit, known.Score + contribution, known.FirstSeen)
                    : (hit, contribution, fused.Count);
            }
        }

        return [.. fused.Values.OrderByDescending(c => c.Score).ThenBy(c => c.FirstSeen).Select(c => c.Hit)];
    }
}
