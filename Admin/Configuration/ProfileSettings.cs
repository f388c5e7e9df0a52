namespace ChatWidget.Admin.Configuration;

/// <summary>The published version of a profile: what the assistant is told and how the widget looks.</summary>
public sealed record ProfileSettings(
    string Id,
    string Title,
    string Instructions,
    string ModelId,
    float Temperature,
    int MaxOutputTokens,
    string? Greeting,
    IReadOnlyList<string> Starters,
    ProfileTheme Theme,
    string? Locale,
    string? Disclaimer,
    InputLimits Limits,
    IReadOnlyList<KnowledgeEntry> Knowledge)
{
    /// <summary>Model ids tried in order when the profile's model fails before its first token (or its circuit is open).</summary>
    public IReadOnlyList<string> FallbackModels { get; init; } = [];

    /// <summary>The knowledge bases the profile answers from, and how much of them a prompt may carry.</summary>
    public GroundingSettings Grounding { get; init; } = GroundingSettings.None;
}

/// <summary>
/// Course knowledge for a profile: the published knowledge bases searched on every turn, the token budget of the
/// excerpts placed in the system prompt, whether the model must say it does not know when nothing relevant is found,
/// and the optional embedding model (a model id) that adds a semantic ranking to the full-text one.
/// </summary>
public sealed record GroundingSettings(IReadOnlyList<string> KnowledgeBaseIds, int MaxTokens, bool OnlyFromSources, string? EmbeddingModelId)
{
    public const int DefaultMaxTokens = 1500;

    public static GroundingSettings None { get; } = new([], DefaultMaxTokens, false, null);
}

public sealed record ProfileTheme(string Accent)
{
    public static ProfileTheme Default { get; } = new("#0a66c2");
}

/// <summary>What a client may send in one chat request.</summary>
/// <param name="MaxMessageChars">Characters in one user message.</param>
/// <param name="MaxMessages">Messages in the history of one request.</param>
/// <param name="MaxTotalChars">Characters across the whole history of one request.</param>
public sealed record InputLimits(int MaxMessageChars, int MaxMessages, int MaxTotalChars)
{
    public static InputLimits Default { get; } = new(4000, 50, 48000);
}

/// <summary>A question-and-answer pair that the offline responder can answer from.</summary>
public sealed record KnowledgeEntry(string Question, string Answer);
