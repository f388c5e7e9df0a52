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
