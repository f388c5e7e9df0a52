using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Chat;

/// <summary>
/// A turn that passed every check and may call a model: the request, its profile, the models to try in order, the
/// output and input ceilings, the course knowledge its system prompt carries, and the history trimmed for the first model.
/// </summary>
public sealed record PreparedTurn(
    ChatCompletionRequest Request,
    ProfileSettings Profile,
    IReadOnlyList<ModelSettings> Chain,
    int MaxOutputTokens,
    int? MaxInputTokens,
    KnowledgePrompt Knowledge,
    TrimmedHistory History,
    long StartedTimestamp)
{
    /// <summary>The context window the history is trimmed to for <paramref name="model"/>: its own, or less when an input ceiling applies.</summary>
    public int WindowFor(ModelSettings model) => Window(model.ContextWindow, MaxInputTokens, MaxOutputTokens);

    public static int Window(int contextWindow, int? maxInput, int maxOutput) =>
        maxInput is { } max ? (int)Math.Min(contextWindow, (long)max + maxOutput) : contextWindow;
}
