using System.Net;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ChatWidget.Admin.Tests.Dashboard.Knowledge.KnowledgeDashboard;

namespace ChatWidget.Admin.Tests.Dashboard.Knowledge;

/// <summary>A published knowledge base attached to a profile on the profile's page, and a base in use that cannot be deleted.</summary>
public sealed class KnowledgeProfileTests : IAsyncLifetime
{
    private const string ProfilePage = "/admin/profiles/edit/support";
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private Task<HttpResponseMessage> SaveProfileAsync(Dictionary<string, string> values) =>
        DashboardHost.SubmitAsync(admin, ProfilePage, "#profile-form", values);

    [Fact]
    public async Task The_profile_grounding_fields_are_saved_and_published_into_the_profile_Host_serves()
    {
        await CreatePublishedAsync(admin, "cs101");
        await CreateAsync(admin, "unpublished");
        var form = await DashboardHost.GetPageAsync(admin, ProfilePage);
        Assert.NotNull(form.QuerySelector("input[type=checkbox][name='Input.KnowledgeBases'][value=cs101]"));
        Assert.Null(form.QuerySelector("input[type=checkbox][name='Input.KnowledgeBases'][value=unpublished]"));
        Assert.Equal(["", "fast"], ((IHtmlSelectElement)form.QuerySelector("#Input_EmbeddingModel")!).Options.Select(o => o.Value));

        var saved = await SaveProfileAsync(new()
        {
            ["Input.KnowledgeBases"] = "cs101", ["Input.KnowledgeMaxTokens"] = "800", ["Input.OnlyFromSources"] = "true", ["Input.EmbeddingModel"] = "fast",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        form = await DashboardHost.GetPageAsync(admin, ProfilePage);
        Assert.True(((IHtmlInputElement)form.QuerySelector("input[name='Input.KnowledgeBases'][value=cs101]")!).IsChecked);
        Assert.Equal("800", ((IHtmlInputElement)form.QuerySelector("#Input_KnowledgeMaxTokens")!).Value);
        Assert.True(((IHtmlInputElement)form.QuerySelector("#Input_OnlyFromSources")!).IsChecked);
        Assert.Equal("fast", ((IHtmlSelectElement)form.QuerySelector("#Input_EmbeddingModel")!).Value);

        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, ProfilePage, "#publish-form", new())).StatusCode);
        var snapshot = await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None);
        var grounding = snapshot.Profiles["support"].Grounding;
        Assert.Equal(["cs101"], grounding.KnowledgeBaseIds);
        Assert.Equal((800, true, "fast"), (grounding.MaxTokens, grounding.OnlyFromSources, grounding.EmbeddingModelId));
    }

    [Fact]
    public async Task Grounding_that_names_an_unusable_embedding_model_or_budget_is_refused_beside_the_field()
    {
        var refused = await SaveProfileAsync(new() { ["Input.KnowledgeMaxTokens"] = "50", ["Input.EmbeddingModel"] = "offline" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = DashboardHost.Parse(await refused.Content.ReadAsStringAsync());
        string MessageFor(string field) => page.QuerySelector($"span[data-valmsg-for='{field}']")!.TextContent;
        Assert.Equal("Between 100 and 16000 tokens.", MessageFor("Input.KnowledgeMaxTokens"));
        Assert.Contains("not an openai model", MessageFor("Input.EmbeddingModel"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_knowledge_base_a_profile_uses_cannot_be_deleted_and_the_page_names_the_profile()
    {
        await CreatePublishedAsync(admin, "cs101");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveProfileAsync(new() { ["Input.KnowledgeBases"] = "cs101" })).StatusCode);

        var refused = await DashboardHost.SubmitAsync(admin, "/admin/knowledge", "form[action*=Delete]:has(input[value=cs101])", new());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = DashboardHost.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("used by profile support", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("cs101", page.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);

        var unticked = (await DashboardHost.OpenFormAsync(admin, ProfilePage, "#profile-form")).Without("Input.KnowledgeBases");
        Assert.Equal(HttpStatusCode.Redirect, (await unticked.PostAsync(admin, new())).StatusCode);
        var deleted = await DashboardHost.SubmitAsync(admin, "/admin/knowledge", "form[action*=Delete]:has(input[value=cs101])", new());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("No knowledge bases yet", (await DashboardHost.GetPageAsync(admin, "/admin/knowledge")).QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }
}
