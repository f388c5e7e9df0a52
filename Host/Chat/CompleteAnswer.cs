using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>One model's whole answer in one <c>chat.completion</c> object, as OpenAI answers a request without <c>stream</c>.</summary>
public sealed class CompleteAnswer(PromptTokenCounter counter)
{
    public async Task<AnswerAttempt> AnswerAsync(AnswerCall call, CancellationToken cancellationToken)
    {
        ChatResponse response;
        try
        {
            response = await call.Client.GetResponseAsync(call.Prompt, call.Options, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return AnswerAttempt.Failed(e);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away while the model was answering: the prompt was still sent.
            return new AnswerAttempt(Results.Empty, null, ChatTurnResult.ClientCancelled, call.EstimatedPromptTokens, 0, null);
        }

        var text = response.Text;
        var promptTokens = CompletionTally.Clamp(response.Usage?.InputTokenCount) ?? call.EstimatedPromptTokens;
        var completionTokens = CompletionTally.Clamp(response.Usage?.OutputTokenCount) ?? counter.Count(text);
        var finishReason = FinishReasons.Of(response.FinishReason);
        var body = new
        {
            id = call.Id,
            @object = "chat.completion",
            created = call.Created,
            model = call.ProfileId,
            system_fingerprint = call.Fingerprint,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content = text }, finish_reason = finishReason },
            },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
        return new AnswerAttempt(Results.Json(body), null, ChatTurnResult.Completed, promptTokens, completionTokens, Stopwatch.GetElapsedTime(call.StartedTimestamp),
            finishReason);
    }
}
