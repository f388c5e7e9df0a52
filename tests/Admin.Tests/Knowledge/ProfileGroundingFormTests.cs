using System.Net;
using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Tests.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Knowledge;

/// <summary>The profile form's course knowledge fields: published bases only, an openai embedding model, a sane budget.</summary>
public sealed class ProfileGroundingFormTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private Task<HttpResponseMessage> SaveDraftAsync(Dictionary<string, string> values) =>
        DashboardHost.SubmitAsync(admin, "/admin/profiles/edit/support", "#profile-form", values);

    [Fact]
    public async Task Unknown_or_unpublished_bases_a_non_openai_embedding_model_and_a_budget_out_of_range_are_refused_beside_their_fields()
    {
        await host.Services.GetRequiredService<KnowledgeCatalog>().CreateAsync("draft-only", "Draft", "english", KnowledgeSetup.Admin, CancellationToken.None);

        var response = await SaveDraftAsync(new()
        {
            ["Input.KnowledgeBases"] = "draft-only", ["Input.KnowledgeMaxTokens"] = "50", ["Input.EmbeddingModel"] = "offline",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        string MessageFor(string field) => page.QuerySelector($"span[data-valmsg-for='{field}']")!.TextContent;
        Assert.Equal("The knowledge base draft-only does not exist or is not published.", MessageFor("Input.KnowledgeBases"));
        Assert.Equal("Between 100 and 16000 tokens.", MessageFor("Input.KnowledgeMaxTokens"));
        Assert.StartsWith("The embedding model offline is not an openai model", MessageFor("Input.EmbeddingModel"));
    }

    [Fact]
    public async Task A_published_base_can_be_ticked_and_the_published_profile_is_grounded_in_it()
    {
        var catalog = host.Services.GetRequiredService<KnowledgeCatalog>();
        await catalog.CreateAsync("cs101", "CS101", "english", KnowledgeSetup.Admin, CancellationToken.None);
        var stamp = (await catalog.LoadAsync("cs101", CancellationToken.None))!.Stamp;
        await catalog.AddDocumentAsync("cs101", "a.txt", Encoding.UTF8.GetBytes("Alpha."), null, null, KnowledgeSetup.Admin, stamp, CancellationToken.None);
        Assert.True((await catalog.PublishAsync("cs101", KnowledgeSetup.Admin, (await catalog.LoadAsync("cs101", CancellationToken.None))!.Stamp, CancellationToken.None)).Succeeded);

        var form = await DashboardHost.GetPageAsync(admin, "/admin/profiles/edit/support");
        Assert.NotNull(form.QuerySelector("input[name='Input.KnowledgeBases'][value='cs101']"));
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(new()
        {
            ["Input.KnowledgeBases"] = "cs101", ["Input.KnowledgeMaxTokens"] = "2000", ["Input.EmbeddingModel"] = "fast",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/profiles/edit/support", "#publish-form", new())).StatusCode);

        var grounding = (await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None)).Profiles["support"].Grounding;
        Assert.Equal(["cs101"], grounding.KnowledgeBaseIds);
        Assert.Equal((2000, "fast"), (grounding.MaxTokens, grounding.EmbeddingModelId));
    }
}
