using System.Diagnostics;
using ChatWidget.Host.Upstreams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Relays one model's streamed answer as OpenAI chunks. Nothing is sent until the model's first update, so a model that
/// fails at once gets a proper HTTP error status, or the next model of the fallback chain its turn; after that a
/// failure can only be told in the stream itself, as an error event. The finish chunk carries the sources the answer cited.
/// </summary>
public sealed class StreamedAnswer(PromptTokenCounter counter, IOptionsMonitor<UpstreamResilienceOptions> resilience, ILogger<StreamedAnswer> logger)
{
    public async Task<AnswerAttempt> RelayAsync(HttpContext http, AnswerCall call, CancellationToken cancellationToken)
    {
        using var idle = new IdleWatchdog(TimeSpan.FromSeconds(resilience.CurrentValue.IdleTimeoutSeconds), cancellationToken);
        var tally = new CompletionTally(counter);
        var citations = CitationReader.For(call.Sources);
        TimeSpan? firstToken = null;
        try
        {
            await using var updates = call.Client.GetStreamingResponseAsync(call.Prompt, call.Options, idle.Token).GetAsyncEnumerator(idle.Token);
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return AnswerAttempt.Failed(UpstreamErrors.IdleOr(e, call.Model.Id, idle.Timeout));
            }

            StartEventStream(http);
            var writer = new ChatCompletionStreamWriter(http.Response.BodyWriter, call.Id, call.Created, call.ProfileId) { SystemFingerprint = call.Fingerprint };
            ChatFinishReason? finishReason = null;
            UsageDetails? usage = null;
            while (more)
            {
                idle.Writing();
                var update = updates.Current;
                finishReason = update.FinishReason ?? finishReason;
                usage = UsageOf(update) ?? usage;
                var text = update.Text;
                if (firstToken is null || text.Length > 0)
                {
                    writer.WriteDelta(firstToken is null ? "assistant" : null, text);
                    firstToken ??= Stopwatch.GetElapsedTime(call.StartedTimestamp);
                    tally.Add(text);
                    citations?.Read(text);
                }

                var next = StepOf(updates);
                await FlushUnlessReadyAsync(writer, next, cancellationToken);
                idle.Waiting();
                try
                {
                    more = await next;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var failure = UpstreamErrors.IdleOr(e, call.Model.Id, idle.Timeout);
                    writer.WriteError(UpstreamErrors.Report(logger, failure, call.ProfileId, streaming: true).Error);
                    await writer.FlushAsync(cancellationToken);
                    return Ended(ChatTurnResult.UpstreamFailed, usage, null);
                }
            }

            // A model that answered nothing at all: the client still gets the role chunk OpenAI always sends first.
            if (firstToken is null) writer.WriteDelta("assistant", "");
            var ended = Ended(ChatTurnResult.Completed, usage, FinishReasons.Of(finishReason));
            writer.WriteFinish(ended.FinishReason!, citations?.Cited());
            if (call.IncludeUsage) writer.WriteUsage(ended.PromptTokens, ended.CompletionTokens);
            await writer.WriteDoneAsync(cancellationToken);
            return ended;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer, but what the model produced so far was used.
            return Ended(ChatTurnResult.ClientCancelled, null, null);
        }

        AnswerAttempt Ended(string outcome, UsageDetails? usage, string? finish) => new(Results.Empty, null, outcome,
            CompletionTally.Clamp(usage?.InputTokenCount) ?? call.EstimatedPromptTokens, tally.Tokens(usage?.OutputTokenCount), firstToken, finish);
    }

    /// <summary>
    /// Sends what was written only when the model's next update has not already arrived, so the events of one upstream
    /// read leave in one write: a chunk that arrives alone is flushed at once, and under load, when one read brings
    /// several, they cost one flush rather than one each. The clock of the idle watchdog stands still meanwhile.
    /// </summary>
    private static async ValueTask FlushUnlessReadyAsync(ChatCompletionStreamWriter writer, ValueTask<bool> next, CancellationToken cancellationToken)
    {
        if (next.IsCompleted) return;
        try
        {
            await writer.FlushAsync(cancellationToken);
        }
        catch
        {
            // The model's step must end before its enumerator is disposed; the client's cancellation ends it.
            try
            {
                await next;
            }
            catch (Exception)
            {
                // Only the flush's failure is reported.
            }

            throw;
        }
    }

    /// <summary>The model's next step, with a failure thrown at once delivered like one thrown later.</summary>
    private static ValueTask<bool> StepOf(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            return updates.MoveNextAsync();
        }
        catch (Exception e)
        {
            return ValueTask.FromException<bool>(e);
        }
    }

    private static UsageDetails? UsageOf(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        for (var i = contents.Count - 1; i >= 0; i--)
        {
            if (contents[i] is UsageContent usage) return usage.Details;
        }

        return null;
    }

    private static void StartEventStream(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to hold the stream back.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }
}
