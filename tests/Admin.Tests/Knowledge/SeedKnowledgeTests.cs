using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Knowledge;

/// <summary>The seed file's knowledgeBases and a profile's knowledge object; the contract's knowledge list keeps working.</summary>
public sealed class SeedKnowledgeTests
{
    private static JsonObject Seed()
    {
        var seed = SeedFiles.Valid();
        seed["knowledgeBases"] = new JsonArray(new JsonObject
        {
            ["id"] = "cs101", ["title"] = "CS101 material", ["language"] = "english",
            ["documents"] = new JsonArray(
                new JsonObject { ["title"] = "Syllabus", ["url"] = "https://lms.example.edu/cs101/syllabus", ["file"] = "knowledge/syllabus.md" },
                new JsonObject { ["title"] = "Office hours", ["text"] = "# Office hours\nTuesdays 2-4pm in B12." }),
            ["entries"] = new JsonArray(new JsonObject { ["q"] = "Who teaches CS101?", ["a"] = "Dr. Ada Byron." }),
        });
        seed["profiles"]![0]!["knowledge"] = new JsonObject
        {
            ["entries"] = new JsonArray(new JsonObject { ["q"] = "When is the exam?", ["a"] = "On Friday." }),
            ["bases"] = new JsonArray("cs101"), ["maxTokens"] = 900, ["onlyFromSources"] = true, ["embeddingModel"] = "fast",
        };
        return seed;
    }

    private static string Write(ConfigurationStoreHarness store, JsonObject seed, string syllabus = "The midterm is in week seven.")
    {
        Directory.CreateDirectory(Path.Combine(store.Root, "knowledge"));
        File.WriteAllText(Path.Combine(store.Root, "knowledge", "syllabus.md"), syllabus);
        return store.WriteFile("seed.json", SeedFiles.Serialize(seed));
    }

    [Fact]
    public async Task A_seeded_base_is_published_searchable_and_grounds_the_profile()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();

        Assert.True(await store.Importer.ImportAsync(Write(store, Seed()), TestTimeout.Token));

        var hit = (await store.SearchAsync("when is the midterm", "cs101"))[0];
        Assert.Equal(("Syllabus", "https://lms.example.edu/cs101/syllabus"), (hit.SourceTitle, hit.SourceUrl));
        Assert.Contains("B12", (await store.SearchAsync("office hours", "cs101"))[0].Text);
        Assert.Equal("entry-1", (await store.SearchAsync("who teaches", "cs101"))[0].SourceId);
        var profile = (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["support"];
        Assert.Equal(["cs101"], profile.Grounding.KnowledgeBaseIds);
        Assert.Equal((900, true, "fast"), (profile.Grounding.MaxTokens, profile.Grounding.OnlyFromSources, profile.Grounding.EmbeddingModelId));
        Assert.Equal("On Friday.", Assert.Single(profile.Knowledge).Answer);
        var view = (await store.Catalog().LoadAsync("cs101", TestTimeout.Token))!;
        Assert.True(view.FromSeed);
        await using var db = await store.OpenContextAsync();
        var version = await db.ProfileVersions.Where(v => v.ProfileId == "support").OrderByDescending(v => v.Number).FirstAsync(TestTimeout.Token);
        Assert.Equal(1, ProfileDocument.FromJson(version.Json).KnowledgeRevisions!["cs101"]);
    }

    [Fact]
    public async Task A_re_import_publishes_only_when_the_content_changed()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var seed = Seed();
        await store.Importer.ImportAsync(Write(store, seed), TestTimeout.Token);
        var version = await store.ReadVersionAsync();

        Assert.False(await store.Importer.ImportAsync(Write(store, seed), TestTimeout.Token));
        Assert.Equal(version, await store.ReadVersionAsync());
        Assert.Equal(1, (await store.Catalog().LoadAsync("cs101", TestTimeout.Token))!.PublishedRevision);

        Assert.True(await store.Importer.ImportAsync(Write(store, seed, "The midterm moved to week eight."), TestTimeout.Token));
        Assert.Equal(2, (await store.Catalog().LoadAsync("cs101", TestTimeout.Token))!.PublishedRevision);
        Assert.Contains("week eight", (await store.SearchAsync("midterm", "cs101"))[0].Text);
        Assert.Empty(await store.SearchAsync("seven", "cs101"));
    }

    [Fact]
    public async Task The_contract_list_form_of_knowledge_still_means_entries_without_bases()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        Assert.True(await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token));

        var profile = (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["support"];
        Assert.Equal(["When is the exam?", "Where?"], profile.Knowledge.Select(k => k.Question));
        Assert.Empty(profile.Grounding.KnowledgeBaseIds);
        Assert.Equal(1500, profile.Grounding.MaxTokens);
    }

    private static JsonObject Base(JsonObject s) => s["knowledgeBases"]![0]!.AsObject();
    private static JsonObject Document(JsonObject s, int i) => Base(s)["documents"]![i]!.AsObject();
    private static JsonObject Knowledge(JsonObject s) => s["profiles"]![0]!["knowledge"]!.AsObject();

    private static readonly Dictionary<string, (Action<JsonObject> Break, string Message)> Cases = new()
    {
        ["unknown base"] = (s => Knowledge(s)["bases"] = new JsonArray("cs102"),
            "profiles[0].knowledge.bases[0]: \"cs102\" is not a knowledge base in the seed file or published in the database"),
        ["max tokens too small"] = (s => Knowledge(s)["maxTokens"] = 50, "profiles[0].knowledge.maxTokens: must be between 100 and 16000 (was 50)"),
        ["offline embedding model"] = (s => Knowledge(s)["embeddingModel"] = "offline",
            "profiles[0].knowledge.embeddingModel: \"offline\" is not an openai model"),
        ["unknown embedding model"] = (s => Knowledge(s)["embeddingModel"] = "embed",
            "profiles[0].knowledge.embeddingModel: \"embed\" is not a model in the seed file or the database"),
        ["entry without answer"] = (s => Knowledge(s)["entries"] = new JsonArray(new JsonObject { ["q"] = "Why?" }),
            "profiles[0].knowledge.entries[0].a: is required"),
        ["misspelt knowledge field"] = (s => Knowledge(s)["base"] = new JsonArray("cs101"), "profiles[0].knowledge.base: is not a known field"),
        ["knowledge of the wrong type"] = (s => s["profiles"]![0]!["knowledge"] = "cs101",
            "profiles[0].knowledge: must be a list of {\"q\", \"a\"} entries or an object"),
        ["wrong type inside knowledge"] = (s => Knowledge(s)["maxTokens"] = "lots", "profiles[0].knowledge.maxTokens: has the wrong type"),
        ["bad base id"] = (s => Base(s)["id"] = "CS 101", "knowledgeBases[0].id: \"CS 101\" is not a valid id"),
        ["duplicate base id"] = (s => ((JsonArray)s["knowledgeBases"]!).Add(Base(s).DeepClone()), "knowledgeBases[1].id: \"cs101\" is already used by knowledgeBases[0]"),
        ["missing title"] = (s => Base(s).Remove("title"), "knowledgeBases[0].title: is required"),
        ["unknown language"] = (s => Base(s)["language"] = "klingon", "knowledgeBases[0].language: \"klingon\" is not a language"),
        ["document url not http"] = (s => Document(s, 0)["url"] = "javascript:alert(1)", "knowledgeBases[0].documents[0].url: must be an absolute http or https URL"),
        ["document with file and text"] = (s => Document(s, 1)["file"] = "knowledge/syllabus.md",
            "knowledgeBases[0].documents[1].file: give exactly one of file (a path relative to the seed file) or text"),
        ["document without title"] = (s => Document(s, 1).Remove("title"), "knowledgeBases[0].documents[1].title: is required"),
        ["file escaping the directory"] = (s => Document(s, 0)["file"] = "../outside.md",
            "knowledgeBases[0].documents[0].file: \"../outside.md\" is outside the seed file's directory"),
        ["absolute file"] = (s => Document(s, 0)["file"] = "/etc/passwd", "knowledgeBases[0].documents[0].file: must be a path relative to the seed file's directory"),
        ["missing file"] = (s => Document(s, 0)["file"] = "knowledge/handbook.pdf", "knowledgeBases[0].documents[0].file: \"knowledge/handbook.pdf\" does not exist"),
        ["entry without question"] = (s => Base(s)["entries"] = new JsonArray(new JsonObject { ["a"] = "Yes." }), "knowledgeBases[0].entries[0].q: is required"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory, MemberData(nameof(CaseNames))]
    public async Task Each_problem_is_named_by_its_path_and_nothing_is_written(string name)
    {
        var (breakSeed, expected) = Cases[name];
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var before = await store.ReadVersionAsync();
        var seed = Seed();
        breakSeed(seed);
        var path = Write(store, seed);

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() => store.Importer.ImportAsync(path, TestTimeout.Token));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal(before, await store.ReadVersionAsync());
        await using var db = await store.OpenContextAsync();
        Assert.Empty(db.KnowledgeBases);
        Assert.Empty(db.KnowledgeDocuments);
    }
}
