using System.Runtime.CompilerServices;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// Finds the knowledge a turn answers from (<see cref="KnowledgeQuery"/> says what is searched): the profile's knowledge
/// base chunks from <see cref="IKnowledgeIndex"/> and any further <see cref="IKnowledgeRanking"/>, and the profile's own
/// entries (<see cref="ProfileEntries"/>), fused by <see cref="ReciprocalRankFusion"/> and taken best first while they
/// fit the profile's <see cref="GroundingSettings.MaxTokens"/>. Sources are numbered in that order, one number per document.
/// </summary>
/// <remarks>
/// A profile without knowledge costs nothing (<see cref="Applies"/>). The question and the hits stay in memory: a failing
/// index or ranking is logged by its exception type only (a database's message may quote the query), once until it
/// works again, and the turn goes on without it.
/// </remarks>
public sealed partial class KnowledgeRetriever(
    ITokenCounter counter,
    IEnumerable<IKnowledgeRanking> rankings,
    ILogger<KnowledgeRetriever> logger,
    IKnowledgeIndex? index = null)
{
    private readonly IKnowledgeRanking[] _rankings = [.. rankings];

    // Keyed on the entry list instance, which the live configuration replaces when the profile changes.
    private readonly ConditionalWeakTable<IReadOnlyList<KnowledgeEntry>, ProfileEntries> _entries = new();

    // One flag per search (the index first, then each ranking): one that works must not announce the other's recovery.
    private readonly int[] _failing = new int[1 + rankings.Count()];

    /// <summary>True when the profile has knowledge bases or entries: only then is anything searched.</summary>
    public static bool Applies(ProfileSettings profile) => profile.Grounding.KnowledgeBaseIds.Count > 0 || profile.Knowledge.Count > 0;

    public async ValueTask<RetrievedKnowledge> RetrieveAsync(ProfileSettings profile, string question, string? previousQuestion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!Applies(profile)) return RetrievedKnowledge.None;

        var query = KnowledgeQuery.Compose(question, previousQuestion);
        var grounding = profile.Grounding;
        var limit = CandidateLimit(grounding.MaxTokens);
        var ranked = new List<IReadOnlyList<KnowledgeHit>>(2 + _rankings.Length);
        // The profile's own entries first: on a tie, what the administrator wrote for this profile wins.
        if (profile.Knowledge.Count > 0)
            ranked.Add(_entries.GetValue(profile.Knowledge, entries => new ProfileEntries(entries, counter)).Search(query, limit));
        if (grounding.KnowledgeBaseIds.Count > 0)
        {
            if (index is { } search)
                ranked.Add(await AskAsync(0, () => search.SearchAsync(grounding.KnowledgeBaseIds, query, limit, cancellationToken), cancellationToken));
            for (var i = 0; i < _rankings.Length; i++)
            {
                var ranking = _rankings[i];
                ranked.Add(await AskAsync(i + 1, () => ranking.RankAsync(profile, query, limit, cancellationToken), cancellationToken));
            }
        }

        return Fill(ReciprocalRankFusion.Fuse(ranked), grounding.MaxTokens);
    }

    /// <summary>Enough candidates to fill the budget with small chunks, and a few to spare for fusion to reorder.</summary>
    private static int CandidateLimit(int maxTokens) => Math.Clamp(maxTokens / 100, 10, 60);

    private static RetrievedKnowledge Fill(IReadOnlyList<KnowledgeHit> hits, int maxTokens)
    {
        if (hits.Count == 0) return RetrievedKnowledge.NothingFound;
        var excerpts = new List<KnowledgeExcerpt>();
        var sources = new List<KnowledgeSource>();
        var numbers = new Dictionary<(string, string), KnowledgeSource>();
        var left = maxTokens;
        foreach (var hit in hits)
        {
            // A chunk too big for what is left is passed over: a smaller, lower-ranked one may still fit.
            var tokens = Math.Max(1, hit.Tokens);
            if (tokens > left) continue;
            left -= tokens;
            var key = (hit.KnowledgeBaseId, hit.SourceId);
            if (!numbers.TryGetValue(key, out var source))
            {
                source = new KnowledgeSource(sources.Count + 1, hit.SourceId, hit.SourceTitle, WebAddress(hit.SourceUrl));
                numbers[key] = source;
                sources.Add(source);
            }

            excerpts.Add(new KnowledgeExcerpt(source, hit.Heading, hit.Text, tokens));
        }

        return excerpts.Count == 0 ? RetrievedKnowledge.NothingFound : new RetrievedKnowledge(excerpts, sources, Searched: true);
    }

    // Only an absolute http(s) address reaches the learner's browser as a link.
    private static string? WebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? url : null;

    private async Task<IReadOnlyList<KnowledgeHit>> AskAsync(int source, Func<Task<IReadOnlyList<KnowledgeHit>>> search,
        CancellationToken cancellationToken)
    {
        try
        {
            var hits = await search();
            if (Volatile.Read(ref _failing[source]) == 1 && Interlocked.Exchange(ref _failing[source], 0) == 1) LogRecovered();
            return hits;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _failing[source], 1) == 0) LogFailed(e.GetType().Name);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Course knowledge could not be searched ({ExceptionType}); turns are answered without it until it can")]
    private partial void LogFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course knowledge can be searched again")]
    private partial void LogRecovered();
}
