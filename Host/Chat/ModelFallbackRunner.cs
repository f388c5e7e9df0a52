using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Calls the turn's models in order (<see cref="ModelFallbackChain"/>): each one is tried only if the previous one
/// failed before its first token, with the history trimmed again for its own context window. An answer from a
/// fallback model says so in <c>system_fingerprint</c> and the <see cref="ModelFallbackChain.Header"/> header.
/// </summary>
public sealed class ModelFallbackRunner(
    HistoryTrimmer trimmer,
    IChatClientResolver clients,
    StreamedAnswer streamed,
    CompleteAnswer complete,
    ILogger<ModelFallbackRunner> logger)
{
    public async Task<(IResult Response, ChatTurnResult Turn)> RunAsync(HttpContext http, PreparedTurn turn, CancellationToken cancellationToken)
    {
        var profile = turn.Profile;
        var history = turn.History;
        (IResult Response, ChatTurnResult Turn)? failed = null;
        for (var i = 0; i < turn.Chain.Count; i++)
        {
            var model = turn.Chain[i];
            var fallback = i > 0;
            if (fallback)
            {
                history = trimmer.Trim(profile.Instructions, turn.Request.Messages!, turn.WindowFor(model), turn.MaxOutputTokens, turn.Knowledge.Tokens);
                if (history.Budget <= PromptTokenCounter.PerMessageOverhead || !history.Fits) continue;
            }

            IChatClient client;
            try
            {
                client = clients.Resolve(profile, model);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "No chat client for profile {ProfileId} on model {ModelId}", profile.Id, model.Id);
                if (!fallback) return Rejected(MisconfiguredProfile.Refuse(logger, profile.Id, "no chat client could be made for its model"), turn);
                continue;
            }

            if (fallback)
            {
                http.Response.Headers[ModelFallbackChain.Header] = model.Id;
                ChatRequestLog.FallingBack(logger, profile.Id, model.Id);
            }

            var call = new AnswerCall(client, PromptBuilder.Messages(profile, turn.Knowledge, history),
                PromptBuilder.Options(profile, model, turn.MaxOutputTokens, turn.Knowledge), model, profile.Id,
                fallback ? ModelFallbackChain.FingerprintPrefix + model.Id : null, history.PromptTokens, turn.Request.StreamOptions?.IncludeUsage == true, turn.StartedTimestamp, turn.Knowledge.Retrieved.Sources);
            var attempt = turn.Request.Stream
                ? await streamed.RelayAsync(http, call, cancellationToken)
                : await complete.AnswerAsync(call, cancellationToken);
            var result = new ChatTurnResult
            {
                Outcome = attempt.Outcome,
                Streamed = turn.Request.Stream,
                ModelId = model.Id,
                FallbackModelId = fallback ? model.Id : null,
                PromptTokens = attempt.PromptTokens,
                CompletionTokens = attempt.CompletionTokens,
                DroppedMessages = history.Dropped,
                Charged = attempt.Failure is null,
                FirstToken = attempt.FirstToken,
                FinishReason = attempt.FinishReason,
            };
            if (attempt.Response is { } answered) return (answered, result);

            // Failed before anything was sent: logged, and the next model of the chain tries. Nothing was produced to charge.
            failed = (UpstreamErrors.Report(logger, attempt.Failure!, profile.Id, streaming: false).Result(), result with { PromptTokens = history.PromptTokens, FallbackModelId = null });
            http.Response.Headers.Remove(ModelFallbackChain.Header);
        }

        return failed ?? Rejected(MisconfiguredProfile.Refuse(logger, profile.Id, "no model of its fallback chain can take this conversation"), turn);
    }

    private static (IResult, ChatTurnResult) Rejected(IResult response, PreparedTurn turn) => (response, new ChatTurnResult
    {
        Outcome = ChatTurnResult.Rejected,
        Streamed = turn.Request.Stream,
        PromptTokens = turn.History.PromptTokens,
        DroppedMessages = turn.History.Dropped,
    });
}
