using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>An <see cref="IChatClient"/> that plays a script and records what it was asked.</summary>
public sealed class ScriptedChatClient : IChatClient
{
    public delegate IAsyncEnumerable<ChatResponseUpdate> StreamScript(CancellationToken cancellationToken);

    /// <summary>What the model streams; the default answers "Hello there" in two pieces with usage.</summary>
    public StreamScript Script { get; set; } = DefaultScript;

    public IReadOnlyList<ChatMessage>? ReceivedMessages { get; private set; }

    public ChatOptions? ReceivedOptions { get; private set; }

    public CancellationToken ReceivedToken { get; private set; }

    public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ReceivedMessages = messages.ToList();
        ReceivedOptions = options;
        ReceivedToken = cancellationToken;
        Called.TrySetResult();
        return Script(cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> DefaultScript([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hello");
        yield return new ChatResponseUpdate(ChatRole.Assistant, " there");
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 21, OutputTokenCount = 2, TotalTokenCount = 23 })])
        {
            FinishReason = ChatFinishReason.Stop,
        };
    }
}
