using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Knowledge;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>
/// One call to one model of the chain, and how its answer is labelled (OpenAI's id, created, model, fingerprint), with the
/// numbered sources of the turn's knowledge that the answer may cite.
/// </summary>
public sealed record AnswerCall(
    IChatClient Client,
    IList<ChatMessage> Prompt,
    ChatOptions Options,
    ModelSettings Model,
    string ProfileId,
    string? Fingerprint,
    int EstimatedPromptTokens,
    bool IncludeUsage,
    long StartedTimestamp,
    IReadOnlyList<KnowledgeSource> Sources)
{
    public string Id { get; } = ChatCompletionIds.New();

    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}

/// <summary>
/// What one model call came to: an answer (or a response already under way), with what it used; or the failure that
/// happened before anything was sent, so the next model of the chain may try.
/// </summary>
public readonly record struct AnswerAttempt(IResult? Response, Exception? Failure, string Outcome, int PromptTokens, int CompletionTokens, TimeSpan? FirstToken,
    string? FinishReason = null)
{
    public static AnswerAttempt Failed(Exception failure) => new(null, failure, ChatTurnResult.UpstreamFailed, 0, 0, null);
}
