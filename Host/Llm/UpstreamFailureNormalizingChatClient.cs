using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Wraps an OpenAI library's <see cref="IChatClient"/> so every failure reaches the caller as an
/// <see cref="UpstreamException"/>, including failures the libraries do not report as exceptions, and
/// the caller's own cancellation always as an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class UpstreamFailureNormalizingChatClient(IChatClient inner, string modelId) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var call = new UpstreamCall(cancellationToken);
        UpstreamCall.Current = call;
        try
        {
            return await base.GetResponseAsync(messages, options, call.Token);
        }
        catch (Exception exception) when (IsCallerCancellation(exception, cancellationToken))
        {
            throw CallerCancelled(exception, cancellationToken);
        }
        catch (Exception exception) when (UpstreamFailureClassifier.Classify(exception, call, modelId, cancellationToken) is { } upstream)
        {
            throw upstream;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = new UpstreamCall(cancellationToken);
        var finished = false;
        await using var updates = base.GetStreamingResponseAsync(messages, options, call.Token).GetAsyncEnumerator(call.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                // Set immediately before each step: a value set before an earlier yield is not guaranteed
                // to be in the execution context the consumer resumes us on.
                UpstreamCall.Current = call;
                if (!await updates.MoveNextAsync())
                    break;
                update = updates.Current;
            }
            catch (Exception exception) when (IsCallerCancellation(exception, cancellationToken))
            {
                throw CallerCancelled(exception, cancellationToken);
            }
            catch (Exception exception) when (UpstreamFailureClassifier.Classify(exception, call, modelId, cancellationToken) is { } upstream)
            {
                throw upstream;
            }

            finished |= update.FinishReason is not null;
            yield return update;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // The official SDK ends the stream quietly when the upstream sends an error event mid-stream (it
        // yields an empty update and stops); a stream without a finish reason is a truncated answer and
        // must not be presented as complete.
        if (!finished)
            throw new UpstreamException(UpstreamFailure.BadResponse, $"The upstream of model {modelId} ended the stream without finishing the answer.", call.Status);
    }

    // When the caller cancels, UpstreamCancellationHandler closes the response under the library's feet,
    // which surfaces as IOException, ObjectDisposedException or the like: to the caller it is still their
    // own cancellation, not an upstream failure.
    private static bool IsCallerCancellation(Exception exception, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && exception is not (OperationCanceledException or UpstreamException);

    private static OperationCanceledException CallerCancelled(Exception exception, CancellationToken cancellationToken) =>
        new("The caller cancelled the upstream call.", exception, cancellationToken);
}
