namespace ChatWidget.Host.Observability;

/// <summary>
/// Told of every chat turn once it has ended, whatever its outcome: metrics and the usage store listen here so the
/// completion handler knows nothing about them. Called on the request's thread after the response: keep it cheap and
/// never throw (a throwing observer is logged and skipped).
/// </summary>
public interface IChatTurnObserver
{
    void TurnEnded(ChatTurnRecord turn);
}

/// <summary>
/// What one chat turn was, in operator terms only: ids from the configuration, counts and durations. Never the
/// conversation, the session or anything about the learner.
/// </summary>
/// <param name="ModelId">The model that answered, or the last one tried; null when no model was called.</param>
/// <param name="Outcome">completed, rejected, upstream_failed or client_cancelled.</param>
/// <param name="FirstToken">From the request's arrival to the model's first chunk (the whole answer when not streamed); null without one.</param>
/// <param name="PromptTokens">What the turn is charged (0 when the model failed before producing anything), as are <paramref name="CompletionTokens"/>.</param>
/// <param name="FinishReason">OpenAI's finish_reason of the answer; null when there was none.</param>
public sealed record ChatTurnRecord(
    string PlatformId,
    string ProfileId,
    string? ModelId,
    string Outcome,
    int StatusCode,
    bool Streamed,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan? FirstToken,
    bool FallbackUsed,
    string? FinishReason);

public static class ChatTurnObservers
{
    /// <summary>Tells every observer; one that throws is logged and does not stop the others.</summary>
    public static void Report(this IEnumerable<IChatTurnObserver> observers, ChatTurnRecord turn, ILogger logger)
    {
        foreach (var observer in observers)
        {
            try
            {
                observer.TurnEnded(turn);
            }
            catch (Exception e)
            {
                logger.LogError("Chat turn observer {Observer} failed: {ExceptionType}", observer.GetType().Name, e.GetType().Name);
            }
        }
    }
}
