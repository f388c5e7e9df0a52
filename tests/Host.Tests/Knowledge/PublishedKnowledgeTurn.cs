using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>
/// The whole way on a real configuration database: a knowledge base published through the dashboard's catalog, searched
/// by the database's own index (FTS5 or <c>tsvector</c>) on a learner's turn, reaching the upstream's system prompt and
/// the answer's sources. The same scenario runs on SQLite and on PostgreSQL.
/// </summary>
internal static class PublishedKnowledgeTurn
{
    private const string Admin = "admin@example.edu";
    private const string HandbookUrl = "https://lms.example.edu/cs101/handbook";

    public static async Task RunAsync(IDictionary<string, string?>? settings = null)
    {
        await using var stack = await UpstreamHost.StartAsync(settings: settings);
        var catalog = stack.Host.Services.GetRequiredService<KnowledgeCatalog>();
        await PublishAsync(catalog, "cs101", ("handbook.txt", "Student handbook", "Office hours are on Tuesdays from two to four in room B12."),
            ("menu.txt", "Cafeteria menu", "The cafeteria serves soup on Mondays."));
        stack.Host.Configuration.Update(s => s with
        {
            Profiles = new Dictionary<string, ProfileSettings>(s.Profiles)
            {
                ["support"] = s.Profiles["support"] with { Knowledge = [], Grounding = new GroundingSettings(["cs101"], 1500, false, null) },
            },
        });
        stack.Upstream.Scenario = new() { Chunks = ["On Tuesdays [", "1]."] };
        var token = await stack.LaunchAsync();

        using var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, "When are the office hours?"));
        var sse = await response.Content.ReadAsStringAsync();

        var system = GroundedHost.SystemPromptOf(stack.Upstream);
        Assert.Contains("[1] Student handbook", system, StringComparison.Ordinal);
        Assert.Contains("Office hours are on Tuesdays from two to four in room B12.", system, StringComparison.Ordinal);
        Assert.DoesNotContain("cafeteria", system, StringComparison.OrdinalIgnoreCase);
        var source = Assert.Single(GroundedHost.Items(GroundedHost.StreamedSources(sse)!.Value));
        Assert.Equal(1, source.Index);
        Assert.StartsWith("doc-", source.Id, StringComparison.Ordinal);
        Assert.Equal(("Student handbook", HandbookUrl), (source.Title, source.Url));
    }

    /// <summary>Creates knowledge base <paramref name="id"/> with one text document per (file, title, text) and publishes it (revision 1).</summary>
    public static async Task PublishAsync(KnowledgeCatalog catalog, string id, params (string File, string Title, string Text)[] documents)
    {
        Assert.True((await catalog.CreateAsync(id, "CS101 material", KnowledgeLanguages.Default, Admin, default)).Succeeded);
        foreach (var (file, title, text) in documents)
        {
            var stamp = (await catalog.LoadAsync(id, default))!.Stamp;
            var added = await catalog.AddDocumentAsync(id, file, Encoding.UTF8.GetBytes(text), title, title == "Student handbook" ? HandbookUrl : null,
                Admin, stamp, default);
            Assert.True(added.Result.Succeeded, added.Result.Error);
        }

        var published = await catalog.PublishAsync(id, Admin, (await catalog.LoadAsync(id, default))!.Stamp, default);
        Assert.True(published.Succeeded, published.Error);
    }
}
