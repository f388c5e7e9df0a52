using ChatWidget.Host.Chat;

namespace ChatWidget.Host.Tests.Chat;

public class HistoryTrimmerTests
{
    private static readonly PromptTokenCounter Counter = new();
    private readonly HistoryTrimmer _trimmer = new(Counter);

    private static ChatRequestMessage M(string role, string content) => new() { Role = role, Content = content };

    // "word " repeated is one token per repetition in o200k_base, give or take one.
    private static string Words(int count) => string.Concat(Enumerable.Repeat("word ", count)).TrimEnd();

    private const string System = "You are helpful.";

    private static int Cost(params ChatRequestMessage[] messages) => messages.Sum(m => Counter.CountMessage(m.Content));

    private static int Window(int historyTokens, int maxOutput) =>
        historyTokens + maxOutput + Counter.CountMessage(System) + PromptTokenCounter.ReplyPriming;

    [Fact]
    public void A_history_that_fits_is_kept_whole()
    {
        ChatRequestMessage[] history = [M("user", "hi"), M("assistant", "hello"), M("user", "why?")];
        var trimmed = _trimmer.Trim(System, history, contextWindow: Window(Cost(history), 100), maxOutputTokens: 100);

        Assert.True(trimmed.Fits);
        Assert.Equal(0, trimmed.Dropped);
        Assert.Equal(history, trimmed.Messages);
        Assert.Equal(Window(Cost(history), 0), trimmed.PromptTokens);
    }

    [Fact]
    public void The_course_knowledge_in_the_system_prompt_takes_its_room_from_the_history()
    {
        ChatRequestMessage[] history = [M("user", Words(40)), M("assistant", Words(40)), M("user", "why?")];
        var window = Window(Cost(history), 100);

        var trimmed = _trimmer.Trim(System, history, window, 100, knowledgeTokens: 60);

        Assert.True(trimmed.Fits);
        Assert.Equal([history[^1]], trimmed.Messages);
        Assert.Equal(Window(Cost(history[^1]), 0) + 60, trimmed.PromptTokens);
    }

    [Fact]
    public void The_oldest_messages_are_dropped_first_and_a_kept_history_starts_with_a_user_turn()
    {
        var oldQuestion = M("user", Words(50));
        var oldAnswer = M("assistant", Words(50));
        var question = M("user", Words(10));
        var answer = M("assistant", Words(10));
        var last = M("user", "and now?");
        // Room for everything but the old question: dropping it alone would leave an orphan answer first.
        var window = Window(Cost(oldAnswer, question, answer, last), 200);

        var trimmed = _trimmer.Trim(System, [oldQuestion, oldAnswer, question, answer, last], window, 200);

        Assert.True(trimmed.Fits);
        Assert.Equal(2, trimmed.Dropped);
        Assert.Equal([question, answer, last], trimmed.Messages);
    }

    [Fact]
    public void The_last_user_message_is_always_kept()
    {
        var last = M("user", Words(30));
        var trimmed = _trimmer.Trim(System, [M("user", Words(100)), M("assistant", Words(100)), last], Window(Cost(last), 50), 50);

        Assert.True(trimmed.Fits);
        Assert.Equal([last], trimmed.Messages);
        Assert.Equal(2, trimmed.Dropped);
    }

    [Fact]
    public void When_the_last_message_alone_does_not_fit_the_context_is_exceeded()
    {
        var last = M("user", Words(300));
        var trimmed = _trimmer.Trim(System, [M("user", "hi"), M("assistant", "hello"), last], Window(Cost(last) - 1, 50), 50);

        Assert.False(trimmed.Fits);
        Assert.Empty(trimmed.Messages);
        Assert.True(trimmed.Budget > 0);
    }

    [Fact]
    public void A_profile_whose_output_reservation_fills_the_window_has_no_budget()
    {
        var trimmed = _trimmer.Trim(System, [M("user", "hi")], contextWindow: 100, maxOutputTokens: 100);
        Assert.False(trimmed.Fits);
        Assert.True(trimmed.Budget <= 0);
    }
}
