
namespace ChatWidget.Host.Observability;

/// <summary>Counts every ended chat turn in <see cref="ChatWidgetMetrics"/>: outcome, tokens, fallback, first-token time.</summary>
public sealed class ChatTurnMetrics(ChatWidgetMetrics metrics) : IChatTurnObserver
{
    public void TurnEnded(ChatTurnRecord turn)
    {
        metrics.Turn(turn.Outcome, turn.PlatformId, turn.ProfileId, turn.ModelId, turn.PromptTokens, turn.CompletionTokens);
        if (turn.ModelId is null) return;
        if (turn.FallbackUsed) metrics.Fallback(turn.ProfileId, turn.ModelId);
        if (turn.FirstToken is { } first) metrics.FirstToken(first, turn.ProfileId, turn.ModelId);
    }
}
