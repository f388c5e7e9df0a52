using System.Diagnostics;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Sessions;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using ChatWidget.Host.Hardening;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: read and validate the request, assemble the prompt from the profile's instructions
/// and the trimmed history, call the profile's model and answer as OpenAI does, streamed or not. Nothing is stored.
/// </summary>
public sealed class ChatCompletionHandler(
    ChatRequestReader reader,
    IValidator<ChatCompletionRequest> validator,
    HistoryTrimmer trimmer,
    PromptTokenCounter tokens,
    ILiveConfiguration configuration,
    IChatClientResolver clients,
    IOptionsMonitor<UpstreamResilienceOptions> resilience,
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
        var turn = new Turn();
        IResult? result = null;
        try
        {
            result = await CompleteAsync(http, session, turn, http.RequestAborted);
            return result;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away (closed the tab, pressed stop, or dropped mid-upload): not an error, and nobody is left to answer.
            turn.Outcome = "client_cancelled";
            turn.Status = ClientClosedRequest;
            ChatRequestLog.ClientCancelled(logger, session.SessionId);
            return Results.Empty;
        }
        finally
        {
            var status = turn.Status ?? (result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
            ChatRequestLog.Completed(logger, turn.Outcome ?? (status < 400 ? "completed" : "rejected"),
                session.SessionId, session.PlatformId, session.ProfileId, status, turn.Streamed,
                turn.PromptTokens, turn.CompletionTokens, turn.Dropped, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (turn.FallbackModel is not null) ChatRequestLog.AnsweredByFallback(logger, session.SessionId, turn.FallbackModel);
            // What the model was sent and what it produced, also for a cancelled or broken answer.
            if (turn.Charged) await budgets.ChargeAsync(session, turn.PromptTokens, turn.CompletionTokens);
            observers.Report(new ChatTurnRecord(session.PlatformId, session.ProfileId, turn.ModelId,
                turn.Outcome ?? (status < 400 ? "completed" : "rejected"), status, turn.Streamed,
                turn.Charged ? turn.PromptTokens : 0, turn.Charged ? turn.CompletionTokens : 0,
                turn.FirstToken is { } first ? Stopwatch.GetElapsedTime(started, first) : null, turn.FallbackModel is not null, turn.FinishReason), logger);
        }
    }

    private async Task<IResult> CompleteAsync(HttpContext http, ChatSession session, Turn turn, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(http.Request, cancellationToken);
        if (read.Error is not null) return read.Error;
        var request = read.Request!;
        turn.Streamed = request.Stream;

        var snapshot = await configuration.CurrentAsync(cancellationToken);
        if (!snapshot.Profiles.TryGetValue(session.ProfileId, out var profile))
        {
            return Misconfigured(session.ProfileId, "the profile does not exist");
        }

        if (!snapshot.Models.TryGetValue(profile.ModelId, out var model))
        {
            return Misconfigured(profile.Id, $"its model '{profile.ModelId}' does not exist");
        }

        if (!model.Enabled)
        {
            return Misconfigured(profile.Id, $"its model '{model.Id}' is disabled");
        }

        var validation = await validator.ValidateAsync(ChatCompletionRequestValidator.ContextFor(request, profile), cancellationToken);
        if (!validation.IsValid)
        {
            var failure = validation.Errors[0];
            return OpenAiError.BadRequest(failure.ErrorMessage, failure.ErrorCode);
        }

        // The profile's input ceiling trims the history like a smaller context window; the output ceiling clamps the profile's.
        var maxOutput = budgets.MaxOutputTokens(profile);
        var maxInput = budgets.MaxInputTokens(profile.Id);
        var history = trimmer.Trim(profile.Instructions, request.Messages!, Window(model.ContextWindow, maxInput, maxOutput), maxOutput);
        turn.PromptTokens = history.PromptTokens;
        turn.Dropped = history.Dropped;
        if (history.Budget <= PromptTokenCounter.PerMessageOverhead)
        {
            return Misconfigured(profile.Id,
                $"its instructions and MaxOutputTokens ({maxOutput}) leave no room in model '{model.Id}' context window ({model.ContextWindow}) or its input ceiling ({maxInput})");
        }

        if (!history.Fits)
        {
            return maxInput is { } ceiling && Window(model.ContextWindow, maxInput, maxOutput) < model.ContextWindow
                ? CostBudgets.InputExceeded(ceiling)
                : OpenAiError.BadRequest("The last message is too long for the assistant's model. Shorten it and try again.", "context_length_exceeded");
        }

        // Session and platform token budgets: refused before the model is called.
        if (await budgets.RefuseAsync(http, session, cancellationToken) is { } exhausted)
        {
            return exhausted;
        }

        // The profile's model, then its fallbacks: each is tried only if the previous one failed before its first token.
        var chain = ModelFallbackChain.For(profile, model, snapshot, resilience.CurrentValue.OfflineFallback);
        IResult? failed = null;
        for (var i = 0; i < chain.Count; i++)
        {
            var candidate = chain[i];
            var fallback = i > 0;
            if (fallback)
            {
                history = trimmer.Trim(profile.Instructions, request.Messages!, Window(candidate.ContextWindow, maxInput, maxOutput), maxOutput);
                if (history.Budget <= PromptTokenCounter.PerMessageOverhead || !history.Fits) continue;
                turn.PromptTokens = history.PromptTokens;
                turn.Dropped = history.Dropped;
            }

            IChatClient client;
            try
            {
                client = clients.Resolve(profile, candidate);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "No chat client for profile {ProfileId} on model {ModelId}", profile.Id, candidate.Id);
                if (!fallback) return Misconfigured(profile.Id, "no chat client could be made for its model");
                continue;
            }

            var prompt = new List<ChatMessage>(history.Messages.Count + 1) { new(ChatRole.System, profile.Instructions) };
            foreach (var message in history.Messages)
            {
                prompt.Add(new ChatMessage(message.Role == ChatRequestMessage.AssistantRole ? ChatRole.Assistant : ChatRole.User, message.Content));
            }

            // The profile alone decides sampling; whatever the client sent for these was ignored while reading.
            var options = new ChatOptions
            {
                ModelId = candidate.ModelName,
                Temperature = profile.Temperature,
                MaxOutputTokens = maxOutput,
            };

            string? fingerprint = null;
            if (fallback)
            {
                fingerprint = ModelFallbackChain.FingerprintPrefix + candidate.Id;
                http.Response.Headers[ModelFallbackChain.Header] = candidate.Id;
                turn.FallbackModel = candidate.Id;
                ChatRequestLog.FallingBack(logger, profile.Id, candidate.Id);
            }

            turn.Charged = true;
            turn.ModelId = candidate.Id;
            var id = ChatCompletionIds.New();
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var attempt = request.Stream
                ? await StreamAsync(http, client, prompt, options, request.StreamOptions?.IncludeUsage == true, id, created, profile, candidate, fingerprint, turn, cancellationToken)
                : await AnswerAsync(client, prompt, options, id, created, profile, fingerprint, turn, cancellationToken);
            if (attempt.Result is { } answered) return answered;

            // Failed before anything was sent: log it, and let the next model of the chain try. Nothing was produced to charge.
            turn.Charged = false;
            failed = UpstreamFailed(attempt.Failure!, profile, turn, streaming: false);
            http.Response.Headers.Remove(ModelFallbackChain.Header);
            turn.FallbackModel = null;
        }

        return failed ?? Misconfigured(profile.Id, "no model of its fallback chain can take this conversation");
    }

    private async Task<Attempt> AnswerAsync(IChatClient client, List<ChatMessage> prompt, ChatOptions options,
        string id, long created, ProfileSettings profile, string? fingerprint, Turn turn, CancellationToken cancellationToken)
    {
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(prompt, options, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, e);
        }

        turn.FirstToken = Stopwatch.GetTimestamp();
        turn.FinishReason = FinishReason(response.FinishReason);
        var text = response.Text;
        turn.PromptTokens = ToInt(response.Usage?.InputTokenCount) ?? turn.PromptTokens;
        turn.CompletionTokens = ToInt(response.Usage?.OutputTokenCount) ?? tokens.Count(text);
        return new Attempt(Results.Json(new
        {
            id,
            @object = "chat.completion",
            created,
            model = profile.Id,
            system_fingerprint = fingerprint,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content = text }, finish_reason = FinishReason(response.FinishReason) },
            },
            usage = new { prompt_tokens = turn.PromptTokens, completion_tokens = turn.CompletionTokens, total_tokens = turn.PromptTokens + turn.CompletionTokens },
        }), null);
    }

    private async Task<Attempt> StreamAsync(HttpContext http, IChatClient client, List<ChatMessage> prompt, ChatOptions options, bool includeUsage,
        string id, long created, ProfileSettings profile, ModelSettings model, string? fingerprint, Turn turn, CancellationToken cancellationToken)
    {
        // The upstream call ends when the client goes away, or when the model stays silent too long (before its first
        // token or between two chunks); the idle clock is stopped while a chunk is being written to the client.
        var idleTimeout = TimeSpan.FromSeconds(resilience.CurrentValue.IdleTimeoutSeconds);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        await using var updates = client.GetStreamingResponseAsync(prompt, options, idle.Token).GetAsyncEnumerator(idle.Token);

        // Nothing is sent until the model's first update, so a model that fails at once gets a proper HTTP error status
        // (or the next model of the fallback chain gets its turn).
        bool more;
        try
        {
            more = await updates.MoveNextAsync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, IdleOr(e, model, idleTimeout));
        }

        idle.CancelAfter(Timeout.InfiniteTimeSpan);
        turn.FirstToken = Stopwatch.GetTimestamp();
        StartEventStream(http);
        var writer = new ChatCompletionStreamWriter(http.Response.Body, id, created, profile.Id) { SystemFingerprint = fingerprint };
        ChatFinishReason? finishReason = null;
        UsageDetails? usage = null;
        var first = true;
        while (more)
        {
            var update = updates.Current;
            finishReason = update.FinishReason ?? finishReason;
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            var text = update.Text;
            if (first || text.Length > 0)
            {
                await writer.WriteDeltaAsync(first ? "assistant" : null, text, cancellationToken);
                // Counted as it goes, so a turn cut short by the client or the model still logs what was sent.
                turn.CompletionTokens += tokens.Count(text);
                first = false;
            }

            try
            {
                idle.CancelAfter(idleTimeout);
                more = await updates.MoveNextAsync();
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Headers and part of the answer are out: the failure can only be told in the stream itself.
                var failure = IdleOr(e, model, idleTimeout);
                var (_, error) = UpstreamErrors.Map(failure);
                UpstreamFailed(failure, profile, turn, streaming: true);
                await writer.WriteErrorAsync(error, cancellationToken);
                return new Attempt(Results.Empty, null);
            }
        }

        if (first)
        {
            // The model answered nothing at all; the client still gets the role chunk OpenAI always sends first.
            await writer.WriteDeltaAsync("assistant", "", cancellationToken);
        }

        turn.PromptTokens = ToInt(usage?.InputTokenCount) ?? turn.PromptTokens;
        turn.CompletionTokens = ToInt(usage?.OutputTokenCount) ?? turn.CompletionTokens;
        turn.FinishReason = FinishReason(finishReason);
        await writer.WriteFinishAsync(turn.FinishReason, cancellationToken);
        if (includeUsage)
        {
            await writer.WriteUsageAsync(turn.PromptTokens, turn.CompletionTokens, cancellationToken);
        }

        await writer.WriteDoneAsync(cancellationToken);
        return new Attempt(Results.Empty, null);
    }

    /// <summary>The idle timeout surfaces as the cancellation of the upstream call; it is an unavailable upstream.</summary>
    private static Exception IdleOr(Exception exception, ModelSettings model, TimeSpan idleTimeout) =>
        exception is OperationCanceledException
            ? new UpstreamException(UpstreamFailure.Unavailable, $"The upstream of model {model.Id} sent nothing for {idleTimeout.TotalSeconds:0} s.", inner: exception)
            : exception;

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

    private IResult UpstreamFailed(Exception exception, ProfileSettings profile, Turn turn, bool streaming)
    {
        var (status, error) = UpstreamErrors.Map(exception);
        if (exception is UpstreamException upstream)
        {
            // UpstreamException messages are safe to log by contract.
            ChatRequestLog.UpstreamFailed(logger, upstream, profile.Id, upstream.Failure.ToString(), upstream.UpstreamStatus, streaming);
        }
        else
        {
            // Other exceptions may quote the upstream's answer, which can echo the prompt: the details go to Debug only.
            ChatRequestLog.UpstreamFailedUnexpectedly(logger, profile.Id, exception.GetType().Name, streaming);
            ChatRequestLog.UpstreamFailureDetails(logger, exception, profile.Id);
        }

        turn.Outcome = "upstream_failed";
        return OpenAiError.Result(status, error.Message, error.Type, error.Code);
    }

    private IResult Misconfigured(string profileId, string problem)
    {
        ChatRequestLog.ProfileMisconfigured(logger, profileId, problem);
        return OpenAiError.Result(StatusCodes.Status503ServiceUnavailable,
            "This assistant is not configured correctly. Please tell the site's administrator.", "server_error", "profile_misconfigured");
    }

    private static string FinishReason(ChatFinishReason? reason) =>
        reason is null ? "stop"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Stop ? "stop"
        : reason.Value.Value;

    /// <summary>The context window the history is trimmed to: the model's, or less when an input ceiling applies.</summary>
    private static int Window(int contextWindow, int? maxInput, int maxOutput) =>
        maxInput is { } max ? (int)Math.Min(contextWindow, (long)max + maxOutput) : contextWindow;

    private static int? ToInt(long? value) => value is null ? null : (int)Math.Clamp(value.Value, 0, int.MaxValue);

    /// <summary>What the request log line reports about one turn.</summary>
    private sealed class Turn
    {
        public string? Outcome { get; set; }
        public int? Status { get; set; }
        public bool Streamed { get; set; }
        public int PromptTokens { get; set; }
        public int CompletionTokens { get; set; }
        public int Dropped { get; set; }
        public string? FallbackModel { get; set; }
        /// <summary>The model that answered, or the last one tried.</summary>
        public string? ModelId { get; set; }
        /// <summary>Stopwatch timestamp of the model's first chunk.</summary>
        public long? FirstToken { get; set; }
        public string? FinishReason { get; set; }
        /// <summary>The model was called: the turn's tokens count against the budgets.</summary>
        public bool Charged { get; set; }
    }

    /// <summary>An answer (or a response already under way), or the failure that happened before anything was sent.</summary>
    private readonly record struct Attempt(IResult? Result, Exception? Failure);
}
