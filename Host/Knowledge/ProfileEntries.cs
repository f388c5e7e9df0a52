using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// A profile's own question/answer entries as knowledge hits, ranked by <see cref="KnowledgeRanker"/>: each entry is a
/// source titled by its question (id <see cref="KnowledgeSource.ProfileEntryPrefix"/> + position, a negative chunk id
/// so it never meets an index chunk in fusion), its text the answer. Built once per entry list and reused; immutable.
/// </summary>
public sealed class ProfileEntries
{
    private readonly KnowledgeRanker _ranker;
    private readonly Dictionary<KnowledgeEntry, KnowledgeHit> _hits = new(ReferenceEqualityComparer.Instance);

    public ProfileEntries(IReadOnlyList<KnowledgeEntry> entries, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(counter);
        _ranker = new KnowledgeRanker(entries);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            // The prompt shows the question as the source's title and the answer as its text: both cost the budget.
            _hits.TryAdd(entry, new KnowledgeHit(-(i + 1), KnowledgeBaseId: "", KnowledgeSource.ProfileEntryPrefix + (i + 1), entry.Question, SourceUrl: null,
                Heading: null, entry.Answer, counter.Count(entry.Question) + counter.Count(entry.Answer), ContentHash: "", Score: 0));
        }
    }

    /// <summary>The entries that answer <paramref name="query"/> well enough (<see cref="KnowledgeRanker.MinimumCoverage"/>), best first.</summary>
    public IReadOnlyList<KnowledgeHit> Search(string query, int limit) =>
        [.. _ranker.Rank(query).Where(m => m.Coverage >= KnowledgeRanker.MinimumCoverage).Take(limit).Select(m => _hits[m.Entry] with { Score = m.Score })];
}
