using System.Text;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Knowledge.Semantic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>
/// The optional semantic ranking end to end: the background indexer embeds what is published, a paraphrase is found by
/// meaning, and an embedding endpoint that is down costs the turn nothing but the semantic ranking.
/// </summary>
public sealed class SemanticRankingTests
{
    // Shares no word with "Late work loses ten percent of its grade per day." (nor with the handbook).
    private const string Paraphrase = "What penalty applies to overdue assignments?";

    [Fact]
    public async Task A_paraphrase_sharing_no_word_with_the_answer_is_found_only_by_the_semantic_ranking()
    {
        await using var host = await SemanticHost.StartAsync();
        await host.WaitForVectorsAsync();

        await host.AskAsync(Paraphrase);
        Assert.Contains("[1] Syllabus\n" + GroundedHost.GradingText, host.SystemPrompt(), StringComparison.Ordinal);
        Assert.Equal(Paraphrase, host.Embeddings.Inputs[^1]);

        host.UseEmbeddingModel(null);
        var embeddingCalls = host.Embeddings.Requests.Count;
        await host.AskAsync(Paraphrase);
        var system = host.SystemPrompt();
        Assert.DoesNotContain(GroundedHost.GradingText, system, StringComparison.Ordinal);
        Assert.Contains(KnowledgePrompt.NothingFound, system, StringComparison.Ordinal);
        Assert.Equal(embeddingCalls, host.Embeddings.Requests.Count);
    }

    [Fact]
    public async Task The_indexer_embeds_published_chunks_in_the_background_with_the_models_key_and_logs_counts_only()
    {
        await using var host = await SemanticHost.StartAsync();

        await host.WaitForVectorsAsync();

        Assert.Contains(GroundedHost.GradingText, host.Embeddings.Inputs);
        Assert.Contains(GroundedHost.OfficeHoursText, host.Embeddings.Inputs);
        Assert.All(host.Embeddings.Requests, r =>
        {
            Assert.Equal("Bearer " + SemanticHost.ApiKey, r.Headers["Authorization"]);
            Assert.Equal("fake-embedding", r.Body.GetProperty("model").GetString());
        });
        Assert.Contains(host.Stack.Host.Logs.Entries, e => e.Message.StartsWith("Embedded 2 course knowledge chunks with model embed", StringComparison.Ordinal));
        Assert.DoesNotContain("Late work", host.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SemanticHost.ApiKey, host.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_embedding_endpoint_down_the_answer_comes_from_full_text_and_the_failure_is_logged_once_without_question_or_key()
    {
        const string canary = "CANARY-question-4417";
        await using var host = await SemanticHost.StartAsync();
        await host.WaitForVectorsAsync();
        host.Embeddings.Down = true;
        host.Stack.Upstream.Scenario = new() { Chunks = ["On Tuesdays [", "1]."] };

        var first = await host.AskAsync($"When are the office hours? {canary}");
        var second = await host.AskAsync($"When are the office hours? {canary}");

        Assert.Contains(host.Embeddings.Inputs, i => i.Contains(canary, StringComparison.Ordinal));
        foreach (var answer in new[] { first, second })
        {
            var source = Assert.Single(GroundedHost.Items(GroundedHost.StreamedSources(answer)!.Value));
            Assert.Equal("Student handbook", source.Title);
        }

        var warning = Assert.Single(host.Stack.Host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(EmbeddingFailures).FullName);
        Assert.Contains("model embed", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, host.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SemanticHost.ApiKey, host.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_republished_knowledge_base_is_ranked_with_its_new_chunks()
    {
        const string consultation = "The teacher offers consultation on Fridays.";
        await using var host = await SemanticHost.StartAsync();
        await host.WaitForVectorsAsync();
        await host.AskAsync("Are there office hours?");
        Assert.DoesNotContain(consultation, host.SystemPrompt(), StringComparison.Ordinal);

        var catalog = host.Stack.Host.Services.GetRequiredService<KnowledgeCatalog>();
        var added = await catalog.AddDocumentAsync("cs101", "consultation.txt", Encoding.UTF8.GetBytes(consultation), "Consultation", null,
            "admin@example.edu", (await catalog.LoadAsync("cs101", default))!.Stamp, default);
        Assert.True(added.Result.Succeeded, added.Result.Error);
        host.Stack.Host.Configuration.Update(s => s with { KnowledgeRevisions = new Dictionary<string, int> { ["cs101"] = 2 } });
        Assert.True((await catalog.PublishAsync("cs101", "admin@example.edu", (await catalog.LoadAsync("cs101", default))!.Stamp, default)).Succeeded);
        await host.WaitForVectorsAsync();

        await host.AskAsync("Are there office hours?");
        Assert.Contains(consultation, host.SystemPrompt(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_embedding_endpoint_that_hangs_holds_the_turn_back_only_until_the_query_timeout()
    {
        await using var host = await SemanticHost.StartAsync();
        await host.WaitForVectorsAsync();
        host.Embeddings.Hangs = true;
        host.Stack.Upstream.Scenario = new() { Chunks = ["On Tuesdays [", "1]."] };

        var answer = await host.AskAsync("When are the office hours?");

        Assert.Equal("Student handbook", Assert.Single(GroundedHost.Items(GroundedHost.StreamedSources(answer)!.Value)).Title);
        var warning = Assert.Single(host.Stack.Host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(EmbeddingFailures).FullName);
        Assert.Contains("(no answer within 5 s)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canary_question_answered_semantically_reaches_no_log()
    {
        const string canary = "CANARY-paraphrase-9023";
        await using var host = await SemanticHost.StartAsync();
        await host.WaitForVectorsAsync();

        await host.AskAsync($"{Paraphrase} {canary}");

        Assert.Contains(GroundedHost.GradingText, host.SystemPrompt(), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, host.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SemanticHost.ApiKey, host.Logs, StringComparison.Ordinal);
    }
}
