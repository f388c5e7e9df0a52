namespace ChatWidget.Host.Chat;

/// <summary>
/// Fits a client's history into the model's context window. The budget for the history is
/// ContextWindow − MaxOutputTokens − the system message (instructions and the turn's knowledge) − reply priming, counted with o200k_base.
/// The oldest messages go first; a kept history never starts with an assistant answer whose question was dropped;
/// the last (user) message is always kept, and if it alone does not fit the request cannot be served.
/// </summary>
public sealed class HistoryTrimmer(PromptTokenCounter counter)
{
    public TrimmedHistory Trim(string instructions, IReadOnlyList<ChatRequestMessage> messages, int contextWindow, int maxOutputTokens, int knowledgeTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) throw new ArgumentException("At least one message is required.", nameof(messages));

        var systemTokens = (long)counter.CountInstructions(instructions) + knowledgeTokens;
        var budget = (long)contextWindow - maxOutputTokens - systemTokens - PromptTokenCounter.ReplyPriming;

        var costs = new int[messages.Count];
        long total = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            costs[i] = counter.CountMessage(messages[i].Content);
            total += costs[i];
        }

        var start = 0;
        while (total > budget && start < messages.Count - 1)
        {
            total -= costs[start++];
        }

        // An answer without the question it answers misleads the model, so trimming always resumes at a user turn.
        while (start > 0 && start < messages.Count - 1 && messages[start].Role != ChatRequestMessage.UserRole)
        {
            total -= costs[start++];
        }

        var promptTokens = (int)Math.Min(int.MaxValue, systemTokens + total + PromptTokenCounter.ReplyPriming);
        return total > budget
            ? new TrimmedHistory([], promptTokens, messages.Count, Fits: false, budget)
            : new TrimmedHistory(start == 0 ? messages : messages.Skip(start).ToArray(), promptTokens, start, Fits: true, budget);
    }
}
