using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ChatWidget.Host.Knowledge;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>
/// The model-free assistant behind <c>offline</c> models: answers with the profile's knowledge entry that
/// best matches the learner's last message, streamed word by word like a model would. It never touches
/// the network, so it also serves as the demo default and the fallback when the upstream is down.
/// </summary>
/// <remarks>
/// When the chat passes the turn's <see cref="RetrievedKnowledge"/> (option <see cref="KnowledgeProperty"/>), it answers
/// from that instead: the best excerpt that covers the question, citing its source as <c>[n]</c> when it comes from a
/// knowledge base (one of the profile's own entries is answered word for word, as without retrieval).
/// </remarks>
public sealed partial class OfflineResponder(KnowledgeRanker ranker, TimeSpan wordDelay) : IChatClient
{
    public const string ModelName = "offline";

    internal const string NoKnowledgeAnswer =
        "I'm an offline demo assistant and no knowledge has been configured for me yet, so I can't answer questions. " +
        "Please contact the course staff for help.";

    internal const string NoMatchAnswer =
        "I don't have an answer to that in my notes. Could you try rephrasing your question? " +
        "If it's still not something I know, please contact the course staff.";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the turn's <see cref="RetrievedKnowledge"/>.</summary>
    public const string KnowledgeProperty = "chatwidget.retrieved_knowledge";

    private static readonly ChatClientMetadata Metadata = new("offline", providerUri: null, defaultModelId: ModelName);

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var history = messages.ToList();
        var answer = Answer(history, options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ResponseId = NewId(),
            ModelId = ModelName,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(history, answer),
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages.ToList();
        var answer = Answer(history, options);
        var responseId = NewId();
        var createdAt = DateTimeOffset.UtcNow;

        var first = true;
        foreach (Match word in WordWithTrailingSpace().Matches(answer))
        {
            if (!first && wordDelay > TimeSpan.Zero)
                await Task.Delay(wordDelay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            first = false;
            yield return new ChatResponseUpdate(ChatRole.Assistant, word.Value)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = ModelName,
                CreatedAt = createdAt,
            };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(history, answer))])
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = ModelName,
            CreatedAt = createdAt,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return Metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Nothing to release: no network, no timers.
    }

    private string Answer(IReadOnlyList<ChatMessage> history, ChatOptions? options)
    {
        var question = history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        if (options?.AdditionalProperties?.TryGetValue(KnowledgeProperty, out var value) == true && value is RetrievedKnowledge knowledge)
            return AnswerFrom(knowledge, question);
        if (ranker.IsEmpty)
            return NoKnowledgeAnswer;
        return ranker.FindBest(question)?.Entry.Answer ?? NoMatchAnswer;
    }

    /// <summary>
    /// The best excerpt that covers enough of the question: a full-text hit may share one common word with it, and
    /// without a model to judge, that must not become a confident wrong answer.
    /// </summary>
    private static string AnswerFrom(RetrievedKnowledge knowledge, string question)
    {
        var asked = KnowledgeRanker.Tokenize(question).ToHashSet(StringComparer.Ordinal);
        foreach (var excerpt in knowledge.Excerpts)
        {
            if (excerpt.Source.IsProfileEntry) return excerpt.Text;
            if (Covers(excerpt, asked)) return $"{excerpt.Text.Trim()} [{excerpt.Source.Number}]";
        }

        return NoMatchAnswer;
    }

    private static bool Covers(KnowledgeExcerpt excerpt, HashSet<string> asked)
    {
        if (asked.Count == 0) return false;
        var known = KnowledgeRanker.Tokenize(string.Join(' ', excerpt.Source.Title, excerpt.Heading, excerpt.Text)).ToHashSet(StringComparer.Ordinal);
        return (double)asked.Count(known.Contains) / asked.Count >= KnowledgeRanker.MinimumCoverage;
    }

    // A rough count (about four characters per token for English) is enough for usage reporting and
    // keeps a tokenizer's vocabulary out of the offline path's memory.
    private static UsageDetails Usage(IReadOnlyList<ChatMessage> history, string answer)
    {
        var input = history.Sum(m => ApproximateTokens(m.Text));
        var output = ApproximateTokens(answer);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    internal static long ApproximateTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    private static string NewId() => "offline-" + Guid.NewGuid().ToString("N");

    // Leading whitespace rides with the first word and trailing whitespace with each word, so the
    // concatenated updates are exactly the answer.
    [GeneratedRegex(@"\s*\S+\s*", RegexOptions.CultureInvariant)]
    private static partial Regex WordWithTrailingSpace();
}
