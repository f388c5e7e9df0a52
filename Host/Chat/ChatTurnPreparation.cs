using System.Diagnostics;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Upstreams;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Everything a turn must pass before a model is called: its profile and model exist and are enabled, the request is
/// valid for the profile, the course knowledge for the question is retrieved (<see cref="KnowledgeRetriever"/>), the
/// history fits the model with that knowledge in its system prompt (trimmed like a smaller window when an input ceiling
/// applies), and the session's and platform's budgets are not used up.
/// </summary>
public sealed class ChatTurnPreparation(
    IValidator<ChatCompletionRequest> validator,
    HistoryTrimmer trimmer,
    KnowledgeRetriever retriever,
    PromptTokenCounter counter,
    ChatWidgetMetrics metrics,
    CostBudgets budgets,
    IOptionsMonitor<UpstreamResilienceOptions> resilience,
    ILogger<ChatTurnPreparation> logger)
{
    public async Task<(PreparedTurn? Turn, IResult? Refusal)> PrepareAsync(HttpContext http, ChatSession session, ConfigurationSnapshot snapshot,
        ChatCompletionRequest request, long startedTimestamp, CancellationToken cancellationToken)
    {
        if (!snapshot.Profiles.TryGetValue(session.ProfileId, out var profile))
            return Refuse(session.ProfileId, "the profile does not exist");
        if (!snapshot.Models.TryGetValue(profile.ModelId, out var model))
            return Refuse(profile.Id, $"its model '{profile.ModelId}' does not exist");
        if (!model.Enabled)
            return Refuse(profile.Id, $"its model '{model.Id}' is disabled");

        var validation = await validator.ValidateAsync(ChatCompletionRequestValidator.ContextFor(request, profile), cancellationToken);
        if (!validation.IsValid)
        {
            var failure = validation.Errors[0];
            return (null, OpenAiError.BadRequest(failure.ErrorMessage, failure.ErrorCode));
        }

        // A profile without knowledge bases or entries searches nothing: no call, no allocation.
        var knowledge = KnowledgeRetriever.Applies(profile)
            ? await RetrieveAsync(profile, request.Messages!, cancellationToken)
            : KnowledgePrompt.None;

        // The profile's input ceiling trims the history like a smaller context window; the output ceiling clamps the profile's.
        var maxOutput = budgets.MaxOutputTokens(profile);
        var maxInput = budgets.MaxInputTokens(profile.Id);
        var window = PreparedTurn.Window(model.ContextWindow, maxInput, maxOutput);
        var history = trimmer.Trim(profile.Instructions, request.Messages!, window, maxOutput, knowledge.Tokens);
        if (history.Budget <= PromptTokenCounter.PerMessageOverhead)
        {
            return Refuse(profile.Id,
                $"its instructions, course knowledge and MaxOutputTokens ({maxOutput}) leave no room in model '{model.Id}' context window ({model.ContextWindow}) or its input ceiling ({maxInput})");
        }

        if (!history.Fits)
        {
            return (null, maxInput is { } ceiling && window < model.ContextWindow
                ? CostBudgets.InputExceeded(ceiling)
                : OpenAiError.BadRequest("The last message is too long for the assistant's model. Shorten it and try again.", "context_length_exceeded"));
        }

        // Session and platform token budgets: refused before the model is called.
        if (await budgets.RefuseAsync(http, session, cancellationToken) is { } exhausted)
            return (null, exhausted);

        var chain = ModelFallbackChain.For(profile, model, snapshot, resilience.CurrentValue.OfflineFallback);
        return (new PreparedTurn(request, profile, chain, maxOutput, maxInput, knowledge, history, startedTimestamp), null);
    }

    /// <summary>The knowledge for the latest user message (and the one before it, which the query may lean on), timed and counted.</summary>
    private async ValueTask<KnowledgePrompt> RetrieveAsync(ProfileSettings profile, IReadOnlyList<ChatRequestMessage> messages,
        CancellationToken cancellationToken)
    {
        string? latest = null, previous = null;
        for (var i = messages.Count - 1; i >= 0 && previous is null; i--)
        {
            if (messages[i].Role != ChatRequestMessage.UserRole) continue;
            if (latest is null) latest = messages[i].Content ?? "";
            else previous = messages[i].Content ?? "";
        }

        var started = Stopwatch.GetTimestamp();
        var retrieved = await retriever.RetrieveAsync(profile, latest ?? "", previous, cancellationToken);
        metrics.KnowledgeRetrieved(profile.Id, Stopwatch.GetElapsedTime(started), retrieved.Excerpts.Count);
        return KnowledgePrompt.For(retrieved, profile.Grounding.OnlyFromSources, counter);
    }

    private (PreparedTurn?, IResult?) Refuse(string profileId, string problem) => (null, MisconfiguredProfile.Refuse(logger, profileId, problem));
}
