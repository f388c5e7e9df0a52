using System.Diagnostics;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: read the request, prepare the turn (<see cref="ChatTurnPreparation"/>), let the
/// profile's models answer (<see cref="ModelFallbackRunner"/>), then report the turn's end (<see cref="ChatTurnResult"/>)
/// to the request log and the budgets. Nothing is stored.
/// </summary>
public sealed class ChatCompletionHandler(
    ChatRequestReader reader,
    ILiveConfiguration configuration,
    ChatTurnPreparation preparation,
    ModelFallbackRunner runner,
    CostBudgets budgets,
    IEnumerable<IChatTurnObserver> observers,
    ILogger<ChatCompletionHandler> logger)
{
    /// <summary>nginx's "client closed request", used in the log line only: no response reaches anyone.</summary>
    private const int ClientClosedRequest = 499;

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var session = http.GetChatSession();
        IResult response;
        ChatTurnResult turn;
        try
        {
            (response, turn) = await TakeTurnAsync(http, session, started, http.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away before any model was called (mid-upload, or while its budget was checked).
            (response, turn) = (Results.Empty, new ChatTurnResult { Outcome = ChatTurnResult.ClientCancelled });
        }

        turn = turn with { Status = StatusOf(http, response, turn), Duration = Stopwatch.GetElapsedTime(started) };
        await ReportAsync(session, turn);
        return response;
    }

    private async Task<(IResult, ChatTurnResult)> TakeTurnAsync(HttpContext http, ChatSession session, long started, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(http.Request, cancellationToken);
        if (read.Error is not null) return (read.Error, new ChatTurnResult { Outcome = ChatTurnResult.Rejected });
        var request = read.Request!;

        var snapshot = await http.ConfigurationSnapshotAsync(configuration);
        var (prepared, refusal) = await preparation.PrepareAsync(http, session, snapshot, request, started, cancellationToken);
        if (prepared is null) return (refusal!, new ChatTurnResult { Outcome = ChatTurnResult.Rejected, Streamed = request.Stream });
        return await runner.RunAsync(http, prepared, cancellationToken);
    }

    private static int StatusOf(HttpContext http, IResult response, ChatTurnResult turn) =>
        turn.Outcome == ChatTurnResult.ClientCancelled ? ClientClosedRequest
        : (response as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;

    /// <summary>The one place a turn's end is observed: the request log line, the fallback note, the budgets.</summary>
    private async Task ReportAsync(ChatSession session, ChatTurnResult turn)
    {
        if (turn.Outcome == ChatTurnResult.ClientCancelled) ChatRequestLog.ClientCancelled(logger, session.SessionId);
        ChatRequestLog.Completed(logger, turn.Outcome, session.SessionId, session.PlatformId, session.ProfileId, turn.Status, turn.Streamed,
            turn.PromptTokens, turn.CompletionTokens, turn.DroppedMessages, (long)turn.Duration.TotalMilliseconds);
        if (turn.FallbackModelId is not null && turn.Outcome != ChatTurnResult.UpstreamFailed)
            ChatRequestLog.AnsweredByFallback(logger, session.SessionId, turn.FallbackModelId);
        // What the model was sent and what it produced, also for a cancelled or broken answer.
        if (turn.Charged) await budgets.ChargeAsync(session, turn.PromptTokens, turn.CompletionTokens);
        observers.Report(new ChatTurnRecord(session.PlatformId, session.ProfileId, turn.ModelId, turn.Outcome, turn.Status, turn.Streamed,
            turn.Charged ? turn.PromptTokens : 0, turn.Charged ? turn.CompletionTokens : 0, turn.FirstToken, turn.FallbackModelId is not null,
            turn.FinishReason), logger);
    }
}
