using System.Diagnostics;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Llm;

public sealed class OfflineResponderTests
{
    private static readonly IReadOnlyList<KnowledgeEntry> Knowledge =
    [
        new("When is the final exam?", "The final exam is on 12 December at 9:00 in Hall B."),
        new("How do I submit an assignment?", "Upload your assignment as a PDF on the course page before the deadline."),
    ];

    private static OfflineResponder Responder(IReadOnlyList<KnowledgeEntry>? knowledge = null, int delayMs = 0) =>
        new(new KnowledgeRanker(knowledge ?? Knowledge), TimeSpan.FromMilliseconds(delayMs));

    private static List<ChatMessage> Ask(string question) =>
    [
        new(ChatRole.System, "You are a helpful course assistant."),
        new(ChatRole.User, "Hello"),
        new(ChatRole.Assistant, "Hi! How can I help?"),
        new(ChatRole.User, question),
    ];

    [Fact]
    public async Task Streams_the_best_answer_word_by_word_then_usage_and_stop()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Responder().GetStreamingResponseAsync(Ask("what date is the exam?")))
            updates.Add(update);

        var words = updates.Where(u => u.Text.Length > 0).Select(u => u.Text).ToList();
        Assert.Equal("The final exam is on 12 December at 9:00 in Hall B.", string.Concat(words));
        Assert.Equal(12, words.Count);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());

        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents)).Details;
        Assert.True(usage.InputTokenCount > 0);
        Assert.True(usage.OutputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [Fact]
    public async Task Answers_the_last_user_message_not_an_earlier_one()
    {
        List<ChatMessage> history =
        [
            new(ChatRole.User, "When is the final exam?"),
            new(ChatRole.Assistant, "The final exam is on 12 December at 9:00 in Hall B."),
            new(ChatRole.User, "And how do I submit my assignment?"),
        ];

        var response = await Responder().GetResponseAsync(history);

        Assert.Equal("Upload your assignment as a PDF on the course page before the deadline.", response.Text);
    }

    [Fact]
    public async Task Non_streaming_returns_the_same_text_with_usage_and_stop()
    {
        var response = await Responder().GetResponseAsync(Ask("How can I submit assignments?"));

        Assert.Equal("Upload your assignment as a PDF on the course page before the deadline.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(OfflineResponder.ModelName, response.ModelId);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Says_plainly_when_its_notes_have_no_answer()
    {
        var response = await Responder().GetResponseAsync(Ask("What's the weather in Paris?"));

        Assert.Equal(OfflineResponder.NoMatchAnswer, response.Text);
        Assert.Contains("don't have an answer", response.Text, StringComparison.Ordinal);
        Assert.Contains("rephras", response.Text, StringComparison.Ordinal);
        Assert.Contains("staff", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_turns_retrieved_knowledge_it_answers_from_the_best_covering_excerpt_and_cites_it()
    {
        var syllabus = new KnowledgeSource(1, "doc-12", "Syllabus", null);
        var handbook = new KnowledgeSource(2, "doc-13", "Handbook", null);
        var retrieved = new RetrievedKnowledge(
            [new KnowledgeExcerpt(syllabus, "Schedule", "Lectures are held in Hall B.", 8), new KnowledgeExcerpt(handbook, "Exams", "The final exam is on 12 December.", 9)],
            [syllabus, handbook], Searched: true);

        var response = await Responder().GetResponseAsync(Ask("When is the final exam?"), WithKnowledge(retrieved));

        Assert.Equal("The final exam is on 12 December. [2]", response.Text);
    }

    [Fact]
    public async Task With_retrieved_knowledge_that_found_nothing_it_says_so_whatever_its_own_entries()
    {
        var response = await Responder().GetResponseAsync(Ask("When is the final exam?"), WithKnowledge(RetrievedKnowledge.NothingFound));

        Assert.Equal(OfflineResponder.NoMatchAnswer, response.Text);
    }

    private static ChatOptions WithKnowledge(RetrievedKnowledge knowledge) =>
        new() { AdditionalProperties = new() { [OfflineResponder.KnowledgeProperty] = knowledge } };

    [Fact]
    public async Task Says_it_is_an_offline_demo_when_no_knowledge_is_configured()
    {
        var text = new List<string>();
        await foreach (var update in Responder(knowledge: []).GetStreamingResponseAsync(Ask("When is the final exam?")))
            text.Add(update.Text);

        Assert.Equal(OfflineResponder.NoKnowledgeAnswer, string.Concat(text));
        Assert.Contains("offline demo", OfflineResponder.NoKnowledgeAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paces_words_by_the_configured_delay()
    {
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        await foreach (var update in Responder(delayMs: 20).GetStreamingResponseAsync(Ask("when is the final exam")))
            count++;

        // 12 words: 11 pauses of 20 ms between them, then the usage update.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(180), $"took {stopwatch.Elapsed}");
        Assert.Equal(13, count);
    }

    [Fact]
    public async Task Stops_streaming_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Responder(delayMs: 1000).GetStreamingResponseAsync(Ask("when is the final exam"), cancellationToken: cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, received);
    }

    [Fact]
    public void Describes_itself_as_the_offline_provider()
    {
        IChatClient client = Responder();

        Assert.Equal("offline", client.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Same(client, client.GetService<OfflineResponder>());
    }

    [Fact]
    public async Task The_resolver_serves_offline_models_from_the_profile_knowledge()
    {
        using var host = LlmTestServices.Build(OpenAiClientLibrary.Official);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();

        var client = resolver.Resolve(LlmTestServices.Profile(Knowledge, "offline"), LlmTestServices.OfflineModel());
        var response = await client.GetResponseAsync(Ask("when is the exam"));

        Assert.IsType<OfflineResponder>(client);
        Assert.Equal("The final exam is on 12 December at 9:00 in Hall B.", response.Text);
    }

    [Fact]
    public void The_fallback_model_resolves_to_the_offline_responder()
    {
        using var host = LlmTestServices.Build(OpenAiClientLibrary.Official);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();

        Assert.IsType<OfflineResponder>(resolver.Resolve(LlmTestServices.Profile(Knowledge), OfflineModel.Fallback));
    }
}
