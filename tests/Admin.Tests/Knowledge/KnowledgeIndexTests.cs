using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Configuration;

namespace ChatWidget.Admin.Tests.Knowledge;

/// <summary>The same retrieval on SQLite (FTS5) and PostgreSQL (tsvector): what a learner's question finds.</summary>
public sealed class KnowledgeIndexTests
{
    private static readonly (string, string)[] Course =
    [
        ("syllabus.md", "Grading\n\nThe final grade is 40% exams, 40% assignments and 20% participation."),
        ("late-work.md", "Late work\n\nAssignments submitted late lose ten percent per day, up to three days."),
        ("office-hours.md", "Office hours\n\nDr. Byron holds office hours on Tuesdays from 2 to 4 pm in room B12."),
        ("exam.md", "Final exam\n\nThe final exam takes place in the sports hall; bring a calculator and your student card."),
    ];

    public static TheoryData<string> Providers => new(DatabaseProviders.Sqlite, DatabaseProviders.Postgres);

    [Theory, MemberData(nameof(Providers))]
    public async Task The_chunk_that_answers_a_natural_question_ranks_first(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("cs101", Course);

        Assert.Contains("office hours", (await store.SearchAsync("When are the office hours?", "cs101"))[0].Text);
        Assert.Contains("lose ten percent", (await store.SearchAsync("What happens if I submit my assignment late?", "cs101"))[0].Text);
        Assert.Contains("calculator", (await store.SearchAsync("Can I bring a calculator to the exam?", "cs101"))[0].Text);
        var hit = (await store.SearchAsync("how is the final grade computed", "cs101"))[0];
        Assert.Contains("40% exams", hit.Text);
        Assert.Equal("cs101", hit.KnowledgeBaseId);
        Assert.StartsWith("doc-", hit.SourceId);
        Assert.Equal("syllabus", hit.SourceTitle);
        Assert.Equal(64, hit.ContentHash.Length);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { DatabaseProviders.Sqlite, "\"office hours\" NEAR(tuesday* room) OR text:office AND NOT x" },
        { DatabaseProviders.Sqlite, "office' \"; DROP TABLE \"KnowledgeChunks\"; -- ( ) ^ * : & | ! <-> {Heading}: hours" },
        { DatabaseProviders.Sqlite, "\"\"\" ((( office )))) *" },
        { DatabaseProviders.Postgres, "\"office hours\" NEAR(tuesday* room) OR text:office AND NOT x" },
        { DatabaseProviders.Postgres, "office' \"; DROP TABLE \"KnowledgeChunks\"; -- ( ) ^ * : & | ! <-> {Heading}: hours" },
        { DatabaseProviders.Postgres, "''' ((( office:* & !hours | ))))" },
    };

    [Theory, MemberData(nameof(Hostile))]
    public async Task Query_syntax_in_a_question_is_only_words(string provider, string question)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("cs101", Course);

        var hits = await store.SearchAsync(question, "cs101");

        Assert.Contains("office hours", hits[0].Text);
        Assert.Equal(Course.Length, (await store.SearchAsync("exam grade office late", "cs101")).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_the_named_published_bases_are_searched(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("cs101", Course);
        await store.PublishAsync("bio", ("cells.md", "Mitosis\n\nOffice hours for biology are on Fridays."));
        Assert.True((await store.Catalog().CreateAsync("draft-only", "Never published", "english", KnowledgeSetup.Admin, TestTimeout.Token)).Succeeded);

        Assert.All(await store.SearchAsync("office hours", "bio"), h => Assert.Equal("bio", h.KnowledgeBaseId));
        Assert.Equal(2, (await store.SearchAsync("office hours", "bio", "cs101")).Select(h => h.KnowledgeBaseId).Distinct().Count());
        Assert.Empty(await store.SearchAsync("office hours", "draft-only", "unknown"));
        Assert.Empty(await store.SearchAsync("the of and to", "cs101"));
        Assert.Empty(await store.SearchAsync("office hours"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_small_base_beside_a_large_one_still_gets_its_best_chunks(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("small", ("rooms.md", "Labs\n\nThe chemistry lab is room C3."));
        Assert.True((await store.Catalog().CreateAsync("large", "Large", "english", KnowledgeSetup.Admin, TestTimeout.Token)).Succeeded);
        var view = (await store.Catalog().LoadAsync("large", TestTimeout.Token))!;
        var entries = Enumerable.Range(1, 150).Select(i => new ChatWidget.Admin.Configuration.KnowledgeEntry($"Which lab is number {i}?", $"Lab {i} is a room of the lab wing.")).ToArray();
        Assert.True((await store.Catalog().SaveDraftAsync("large", view.Content with { Entries = entries }, KnowledgeSetup.Admin, view.Stamp, TestTimeout.Token)).Succeeded);
        await store.PublishDraftAsync("large");

        Assert.Contains("room C3", Assert.Single(await store.SearchAsync("which lab room", "small")).Text);
        Assert.All(await store.SearchAsync("which lab room", "large"), h => Assert.Equal("large", h.KnowledgeBaseId));
        Assert.Equal(5, (await store.SearchAsync("which lab room", "large", "small")).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Publishing_replaces_the_chunks_of_the_base(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await store.PublishAsync("cs101", Course);
        var catalog = store.Catalog();
        var view = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        var withoutOfficeHours = view.Content with { Documents = view.Content.Documents.Where(d => d.Title != "office-hours").ToArray() };
        Assert.True((await catalog.SaveDraftAsync("cs101", withoutOfficeHours, KnowledgeSetup.Admin, view.Stamp, TestTimeout.Token)).Succeeded);
        await store.PublishDraftAsync("cs101");

        Assert.DoesNotContain(await store.SearchAsync("office hours Tuesdays B12", "cs101"), h => h.Text.Contains("B12"));
        Assert.Contains("calculator", (await store.SearchAsync("calculator", "cs101"))[0].Text);
        await using var db = await store.OpenContextAsync();
        Assert.Equal(Course.Length - 1, db.KnowledgeChunks.Count(c => c.KnowledgeBaseId == "cs101"));
    }
}
