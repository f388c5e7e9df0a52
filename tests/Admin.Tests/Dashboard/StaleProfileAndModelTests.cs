using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>Optimistic concurrency on the profile and model pages: a save based on an older read is refused, nothing is lost.</summary>
public sealed class StaleProfileAndModelTests
{
    private const string ProfilePage = "/admin/profiles/edit/support";

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_profile_saved_from_a_page_opened_before_another_save_is_refused_with_the_other_change_shown(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var formA = await DashboardHost.OpenFormAsync(tabs.TabA, ProfilePage, "#profile-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, ProfilePage, "#profile-form", new() { ["Input.Title"] = "Title by B" }));

        var refused = await formA.PostAsync(tabs.TabA, new() { ["Input.Greeting"] = "Greeting by A" });

        var (page, differences) = await StaleEditHost.RefusedAsync(refused);
        Assert.Equal("Title by B", differences["Title"]);
        Assert.Equal("Hello from v1", differences["Greeting"]);
        Assert.Equal("Greeting by A", ((IHtmlInputElement)page.QuerySelector("#Input_Greeting")!).Value);
        var draft = await DraftAsync(tabs);
        Assert.Equal(("Title by B", "Hello from v1"), (draft.Title, draft.Greeting));

        // A reviews: keeps B's title, and saves the form the refusal handed back.
        var again = OpenForm.Read(page, ProfilePage, "#profile-form");
        StaleEditHost.Saved(await again.PostAsync(tabs.TabA, new() { ["Input.Title"] = "Title by B" }));
        draft = await DraftAsync(tabs);
        Assert.Equal(("Title by B", "Greeting by A"), (draft.Title, draft.Greeting));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Publishing_a_draft_someone_else_changed_after_the_page_was_opened_is_refused(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabA, ProfilePage, "#profile-form", new() { ["Input.Greeting"] = "Reviewed by A" }));
        var publishA = await DashboardHost.OpenFormAsync(tabs.TabA, ProfilePage, "#publish-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, ProfilePage, "#profile-form", new() { ["Input.Greeting"] = "Unreviewed by B" }));

        var (page, _) = await StaleEditHost.RefusedAsync(await publishA.PostAsync(tabs.TabA, new()));

        Assert.Equal("Unreviewed by B", ((IHtmlInputElement)page.QuerySelector("#Input_Greeting")!).Value);
        var live = (await tabs.Host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token)).Profiles["support"];
        Assert.Equal("Hello from v1", live.Greeting);
        StaleEditHost.Saved(await OpenForm.Read(page, ProfilePage, "#publish-form").PostAsync(tabs.TabA, new()));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Deleting_a_profile_someone_changed_after_the_list_was_opened_is_refused(string provider)
    {
        const string delete = "form[action*=Delete]:has(input[value=spare])";
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var deleteA = await DashboardHost.OpenFormAsync(tabs.TabA, "/admin/profiles", delete);
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/profiles/edit/spare", "#profile-form", new() { ["Input.Title"] = "Spare, in use now" }));

        var (refused, _) = await StaleEditHost.RefusedAsync(await deleteA.PostAsync(tabs.TabA, new()));

        Assert.Contains("unpublished changes", refused.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        Assert.True(await tabs.Host.Services.GetRequiredService<ProfileCatalog>().ExistsAsync("spare", TestTimeout.Token));
        StaleEditHost.Saved(await OpenForm.Read(refused, "/admin/profiles", delete).PostAsync(tabs.TabA, new()));
        Assert.False(await tabs.Host.Services.GetRequiredService<ProfileCatalog>().ExistsAsync("spare", TestTimeout.Token));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_model_saved_from_a_page_opened_before_another_save_is_refused_with_the_other_change_shown(string provider)
    {
        const string page = "/admin/models/edit/fast";
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var formA = await DashboardHost.OpenFormAsync(tabs.TabA, page, "#model-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, page, "#model-form", new() { ["Input.ContextWindow"] = "16384" }));

        var (refusedPage, differences) = await StaleEditHost.RefusedAsync(
            await formA.PostAsync(tabs.TabA, new() { ["Input.ModelName"] = "gpt-4.1-mini" }));

        Assert.Equal(new Dictionary<string, string> { ["Model name"] = "gpt-4o-mini", ["Context window"] = "16384" }, differences);
        Assert.Equal("gpt-4.1-mini", ((IHtmlInputElement)refusedPage.QuerySelector("#Input_ModelName")!).Value);
        var model = await ModelAsync(tabs);
        Assert.Equal(("gpt-4o-mini", 16384), (model.ModelName, model.ContextWindow));
        Assert.NotNull(model.ProtectedApiKey);

        StaleEditHost.Saved(await OpenForm.Read(refusedPage, page, "#model-form").PostAsync(tabs.TabA, new() { ["Input.ContextWindow"] = "16384" }));
        model = await ModelAsync(tabs);
        Assert.Equal(("gpt-4.1-mini", 16384), (model.ModelName, model.ContextWindow));
    }

    private static async Task<ProfileDocument> DraftAsync(StaleEditHost tabs)
    {
        var loaded = await tabs.Host.Services.GetRequiredService<ProfileCatalog>().LoadAsync("support", TestTimeout.Token);
        Assert.True(loaded!.Value.IsDraft);
        return loaded.Value.Document;
    }

    private static async Task<StoredModel> ModelAsync(StaleEditHost tabs)
    {
        await using var db = await tabs.Host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync(TestTimeout.Token);
        return await db.Models.AsNoTracking().SingleAsync(m => m.Id == "fast", TestTimeout.Token);
    }
}
