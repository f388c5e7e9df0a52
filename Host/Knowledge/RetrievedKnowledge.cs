namespace ChatWidget.Host.Knowledge;

/// <summary>
/// The knowledge one turn answers from, in memory only: the excerpts that fit the profile's budget, best first, and
/// their numbered sources (in number order). <see cref="Searched"/> is false when the profile has no knowledge at all,
/// so the prompt carries no knowledge part; searched with no excerpts means nothing relevant was found.
/// </summary>
public sealed record RetrievedKnowledge(IReadOnlyList<KnowledgeExcerpt> Excerpts, IReadOnlyList<KnowledgeSource> Sources, bool Searched)
{
    /// <summary>A profile without knowledge bases or entries: nothing was searched.</summary>
    public static RetrievedKnowledge None { get; } = new([], [], Searched: false);

    /// <summary>Searched, and nothing relevant was found (or the index could not be asked).</summary>
    public static RetrievedKnowledge NothingFound { get; } = new([], [], Searched: true);
}
