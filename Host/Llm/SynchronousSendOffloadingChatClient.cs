using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Runs the first step of a Betalgo stream on a dedicated thread. Betalgo 9.2.6 sends streaming requests
/// with the synchronous <c>HttpClient.Send</c>, so that step holds its thread until the upstream's
/// response headers arrive, which for a cold or busy model can take many seconds. Done on thread-pool
/// threads, a handful of slow upstream calls would starve every other request of the server. Later steps
/// read lines asynchronously and stay on the pool.
/// </summary>
internal sealed class SynchronousSendOffloadingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);

        // The execution context (and with it UpstreamCall.Current) flows into the new thread. The token is
        // not passed to StartNew: Send itself honours it, and the step must run to dispose cleanly.
        var hasFirst = await Task.Factory.StartNew(
                () => updates.MoveNextAsync().AsTask(),
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default)
            .Unwrap();
        if (!hasFirst)
            yield break;
        yield return updates.Current;

        while (await updates.MoveNextAsync())
            yield return updates.Current;
    }
}
