using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using static ChatWidget.Admin.Tests.Dashboard.Knowledge.KnowledgeDashboard;

namespace ChatWidget.Admin.Tests.Dashboard.Knowledge;

/// <summary>Optimistic concurrency on the knowledge editor: a save or upload based on an older read is refused, nothing typed is lost.</summary>
public sealed class StaleKnowledgeTests
{
    [Fact]
    public async Task A_draft_saved_from_a_page_opened_before_another_save_is_refused_with_the_other_change_shown()
    {
        await using var tabs = await StaleEditHost.StartAsync(DatabaseProviders.Sqlite);
        await CreateAsync(tabs.TabA, "cs101");
        var formA = await DashboardHost.OpenFormAsync(tabs.TabA, EditPage("cs101"), Form);
        StaleEditHost.Saved(await UploadAsync(tabs.TabB, "cs101", "syllabus.md", Syllabus, "text/markdown", new() { ["Input.Title"] = "Title by B" }));

        var refused = await formA.PostFileAsync(tabs.TabA, "Upload", "handbook.pdf", Handbook, "application/pdf",
            new() { ["Input.Entries[0].Q"] = "Question by A", ["Input.Entries[0].A"] = "Answer by A" });

        var (page, differences) = await StaleEditHost.RefusedAsync(refused);
        Assert.Equal("Title by B", differences["Title"]);
        Assert.Contains("syllabus.md", differences["Documents"], StringComparison.Ordinal);
        Assert.Equal("Question by A", ((IHtmlInputElement)page.QuerySelector("#Input_Entries_0__Q")!).Value);
        Assert.Contains("handbook.pdf was not added", page.QuerySelector("#upload-error")!.TextContent, StringComparison.Ordinal);
        var stored = await DashboardHost.GetPageAsync(tabs.TabA, EditPage("cs101"));
        Assert.Single(Documents(stored));
        Assert.Equal("", ((IHtmlInputElement)stored.QuerySelector("#Input_Entries_0__Q")!).Value);
    }

    [Fact]
    public async Task Publishing_a_draft_someone_else_changed_after_the_page_was_opened_is_refused()
    {
        await using var tabs = await StaleEditHost.StartAsync(DatabaseProviders.Sqlite);
        await CreateAsync(tabs.TabA, "cs101");
        var publishA = await DashboardHost.OpenFormAsync(tabs.TabA, EditPage("cs101"), "#publish-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, EditPage("cs101"), Form, new() { ["Input.Title"] = "Title by B" }));

        await StaleEditHost.RefusedAsync(await publishA.PostAsync(tabs.TabA, new()));

        var list = await DashboardHost.GetPageAsync(tabs.TabA, "/admin/knowledge");
        Assert.Contains("never", list.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
    }
}
