using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Tests.Support;
using ChatWidget.TestServers;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Knowledge;

public sealed class KnowledgeRetrieverTests
{
    private static readonly PromptTokenCounter Counter = new();
    private readonly InMemoryKnowledgeIndex _index = new();
    private readonly CapturingLoggerProvider _logs = new();

    private KnowledgeRetriever Retriever(params IKnowledgeRanking[] rankings) =>
        new(Counter, rankings, new LoggerFactory([_logs]).CreateLogger<KnowledgeRetriever>(), _index);

    private static ProfileSettings Profile(int maxTokens = 1500, IReadOnlyList<KnowledgeEntry>? entries = null, params string[] bases) =>
        TestPlatforms.Profile("support") with { Knowledge = entries ?? [], Grounding = new GroundingSettings(bases, maxTokens, false, null) };

    [Fact]
    public async Task Excerpts_fill_the_budget_in_rank_order_passing_over_one_too_big_for_what_is_left()
    {
        _index.Add("cs101", "doc-1", "Syllabus", "Grading", "grading grading grading policy", tokens: 600);
        _index.Add("cs101", "doc-2", "Handbook", "Grading", "grading grading policy", tokens: 500);
        _index.Add("cs101", "doc-3", "FAQ", null, "grading policy", tokens: 300);

        var knowledge = await Retriever().RetrieveAsync(Profile(maxTokens: 1000, bases: "cs101"), "grading policy", null, default);

        Assert.Equal(["Syllabus", "FAQ"], knowledge.Excerpts.Select(e => e.Source.Title));
        Assert.True(knowledge.Excerpts.Sum(e => e.Tokens) <= 1000);
    }

    [Fact]
    public async Task Sources_are_numbered_per_document_in_rank_order()
    {
        _index.Add("cs101", "doc-7", "Syllabus", "Grading", "late work grading policy", tokens: 50, url: "https://lms.example.edu/syllabus");
        _index.Add("cs101", "doc-8", "Handbook", null, "late work policy", tokens: 50);
        _index.Add("cs101", "doc-7", "Syllabus", "Late work", "late work", tokens: 50);

        var knowledge = await Retriever().RetrieveAsync(Profile(bases: "cs101"), "late work grading policy", null, default);

        Assert.Equal([1, 2, 1], knowledge.Excerpts.Select(e => e.Source.Number));
        Assert.Equal([("doc-7", "https://lms.example.edu/syllabus"), ("doc-8", null)], knowledge.Sources.Select(s => (s.Id, s.Url)));
    }

    [Fact]
    public async Task A_source_url_that_is_not_http_never_becomes_a_link()
    {
        _index.Add("cs101", "doc-1", "Syllabus", null, "grading policy", tokens: 50, url: "javascript:alert(1)");

        var knowledge = await Retriever().RetrieveAsync(Profile(bases: "cs101"), "grading", null, default);

        Assert.Null(Assert.Single(knowledge.Sources).Url);
    }

    [Fact]
    public async Task The_profiles_entries_and_the_knowledge_bases_are_both_candidates()
    {
        _index.Add("cs101", "doc-1", "Syllabus", "Office hours", "office hours are on Tuesdays", tokens: 50);
        var entries = new[] { new KnowledgeEntry("Where are the office hours?", "Room B12.") };

        var knowledge = await Retriever().RetrieveAsync(Profile(entries: entries, bases: "cs101"), "Where are the office hours?", null, default);

        Assert.Equal(["profile-entry-1", "doc-1"], knowledge.Sources.Select(s => s.Id));
        Assert.Equal("Where are the office hours?", knowledge.Sources[0].Title);
        Assert.Equal("Room B12.", knowledge.Excerpts[0].Text);
    }

    [Fact]
    public async Task A_further_ranking_is_fused_so_that_agreement_wins()
    {
        var a = _index.Add("cs101", "doc-a", "A", null, "exam exam exam", tokens: 10);
        var b = _index.Add("cs101", "doc-b", "B", null, "exam exam", tokens: 10);
        var c = _index.Add("cs101", "doc-c", "C", null, "exam", tokens: 10);

        var knowledge = await Retriever(new FixedRanking([c, b])).RetrieveAsync(Profile(bases: "cs101"), "exam", null, default);

        // Full text says A, B, C; the other ranking C, B: C = 1/63 + 1/61 > B = 2/62 > A = 1/61.
        Assert.Equal(["C", "B", "A"], knowledge.Excerpts.Select(e => e.Source.Title));
        Assert.Equal(a.ChunkId, ReciprocalRankFusion.Fuse([[a, b, c]])[0].ChunkId);
    }

    [Fact]
    public async Task Nothing_relevant_is_searched_but_empty()
    {
        _index.Add("cs101", "doc-1", "Syllabus", null, "grading policy", tokens: 50);

        var knowledge = await Retriever().RetrieveAsync(Profile(bases: "cs101"), "Which planets have rings?", null, default);

        Assert.True(knowledge.Searched);
        Assert.Empty(knowledge.Excerpts);
    }

    [Fact]
    public async Task A_profile_without_knowledge_searches_nothing()
    {
        var knowledge = await Retriever().RetrieveAsync(Profile(), "grading", null, default);

        Assert.Same(RetrievedKnowledge.None, knowledge);
        Assert.Equal(0, _index.Searches);
    }

    [Fact]
    public async Task A_failing_index_leaves_the_entries_and_is_logged_once_without_the_question()
    {
        const string question = "CANARY-QUESTION-office hours?";
        _index.Down = true;
        var retriever = Retriever();
        var profile = Profile(entries: [new KnowledgeEntry("Where are the office hours?", "Room B12.")], bases: "cs101");

        var first = await retriever.RetrieveAsync(profile, question, null, default);
        var second = await retriever.RetrieveAsync(profile, question, null, default);

        Assert.Equal(2, _index.Searches);
        Assert.All([first, second], k => Assert.Equal("Room B12.", Assert.Single(k.Excerpts).Text));
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(nameof(InvalidOperationException), warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", _logs.AllText, StringComparison.Ordinal);

        _index.Down = false;
        await retriever.RetrieveAsync(profile, question, null, default);
        Assert.Contains(_logs.Entries, e => e.Message == "Course knowledge can be searched again");
    }

    private sealed class FixedRanking(IReadOnlyList<KnowledgeHit> hits) : IKnowledgeRanking
    {
        public Task<IReadOnlyList<KnowledgeHit>> RankAsync(ProfileSettings profile, string query, int limit, CancellationToken cancellationToken) =>
            Task.FromResult(hits);
    }
}
