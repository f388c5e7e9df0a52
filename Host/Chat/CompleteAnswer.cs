using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>
/// One model's whole answer in one <c>chat.completion</c> object, as OpenAI answers a request without <c>stream</c>,
/// with a top-level <c>sources</c> field when the answer cites the turn's knowledge.
/// </summary>
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
        var citations = CitationReader.For(call.Sources);
        citations?.Read(text);
        var body = new ChatApiDocumentation.ChatCompletionDocument(call.Id, "chat.completion", call.Created, call.ProfileId, call.Fingerprint,
            [new ChatApiDocumentation.ChatChoiceDocument(0, new ChatApiDocumentation.ChatMessageDocument("assistant", text), finishReason)],
            new ChatApiDocumentation.UsageDocument(promptTokens, completionTokens, promptTokens + completionTokens),
            citations?.Cited());
        return new AnswerAttempt(Results.Json(body), null, ChatTurnResult.Completed, promptTokens, completionTokens, Stopwatch.GetElapsedTime(call.StartedTimestamp),
            finishReason);
    }
}
