using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using static ChatWidget.Admin.Tests.Dashboard.Knowledge.KnowledgeDashboard;

namespace ChatWidget.Admin.Tests.Dashboard.Knowledge;

/// <summary>The Knowledge pages over real HTTP: create, upload, edit the draft, publish, revisions; refused uploads lose nothing.</summary>
public sealed class KnowledgePageTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Create_upload_a_Markdown_file_and_a_PDF_publish_and_the_revision_is_listed_and_searched()
    {
        await CreateAsync(admin, "cs101");
        var list = await DashboardHost.GetPageAsync(admin, "/admin/knowledge");
        Assert.Contains("never", list.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, "cs101", "syllabus.md", Syllabus, "text/markdown")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, "cs101", "handbook.pdf", Handbook, "application/pdf")).StatusCode);
        var editor = await DashboardHost.GetPageAsync(admin, EditPage("cs101"));
        var documents = Documents(editor);
        Assert.Equal(2, documents.Count);
        Assert.Equal($"syllabus.md (Markdown, {Syllabus.Length} bytes)", documents[0].File);
        Assert.StartsWith("handbook.pdf (Pdf, ", documents[1].File, StringComparison.Ordinal);
        Assert.All(documents, d => Assert.NotEqual("", d.Title));
        var upload = (IHtmlInputElement)editor.QuerySelector("input[type=file][name=Upload]")!;
        Assert.Contains(".pdf", upload.GetAttribute("accept"), StringComparison.Ordinal);
        Assert.Contains($"at most {KnowledgeDocumentReader.MaxBytes / (1024 * 1024)} MiB", editor.QuerySelector("#upload-hint")!.TextContent, StringComparison.Ordinal);

        // Retitle, give a public URL, put the handbook first, add an entry.
        var saved = await DashboardHost.SubmitAsync(admin, EditPage("cs101"), Form, new()
        {
            ["Input.Documents[0].Title"] = "Syllabus", ["Input.Documents[0].Url"] = "https://lms.example.edu/cs101/syllabus", ["Input.Documents[0].Order"] = "2",
            ["Input.Documents[1].Title"] = "Handbook", ["Input.Documents[1].Order"] = "1",
            ["Input.Entries[0].Q"] = "Who teaches CS101?", ["Input.Entries[0].A"] = "Dr. Ada Byron.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        editor = await DashboardHost.GetPageAsync(admin, EditPage("cs101"));
        Assert.Equal(["Handbook", "Syllabus"], Documents(editor).Select(d => d.Title));
        Assert.Equal("https://lms.example.edu/cs101/syllabus", ((IHtmlInputElement)editor.QuerySelector("#Input_Documents_1__Url")!).Value);
        Assert.Equal("Who teaches CS101?", ((IHtmlInputElement)editor.QuerySelector("#Input_Entries_0__Q")!).Value);

        await PublishAsync(admin, "cs101");

        var revisions = await DashboardHost.GetPageAsync(admin, "/admin/knowledge/revisions/cs101");
        var row = Assert.Single(revisions.QuerySelectorAll("tbody tr"));
        Assert.Contains("revision 1 (live)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(DashboardHost.AdminEmail, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 documents, 1 Q&A", row.TextContent, StringComparison.Ordinal);
        var listed = (await DashboardHost.GetPageAsync(admin, "/admin/knowledge")).QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("revision 1", listed, StringComparison.Ordinal);
        Assert.Contains("CS101 material", listed, StringComparison.Ordinal);

        var index = host.Services.GetRequiredService<IKnowledgeIndex>();
        var hit = (await index.SearchAsync(["cs101"], "When are office hours?", 3, CancellationToken.None))[0];
        Assert.Equal("Handbook", hit.SourceTitle);
    }

    [Fact]
    public async Task A_second_revision_can_be_compared_with_the_first_and_the_first_restored()
    {
        await CreatePublishedAsync(admin, "cs101");
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, EditPage("cs101"), Form, new() { ["Input.Documents[1].Remove"] = "true" })).StatusCode);
        await PublishAsync(admin, "cs101");

        var compare = await DashboardHost.GetPageAsync(admin, "/admin/knowledge/revisions/cs101?a=1&b=2");
        var diff = Assert.Single(compare.QuerySelectorAll("table.diff tbody tr"));
        Assert.Equal("Documents", diff.QuerySelector("td")!.TextContent);

        var restore = await DashboardHost.SubmitAsync(admin, "/admin/knowledge/revisions/cs101", "form.restore", new() { ["number"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var after = await DashboardHost.GetPageAsync(admin, "/admin/knowledge/revisions/cs101");
        Assert.StartsWith("revision 3 (live)", after.QuerySelector("tbody tr td")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 documents", after.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> RefusedUploads => new()
    {
        { "empty.md", "", "is empty" },
        { "huge.txt", new string('a', KnowledgeDocumentReader.MaxBytes + 1), "more than the 10 MiB accepted" },
        { "notes.pdf", "Office hours are on Tuesdays.", "is named .pdf but is not a PDF" },
        { "broken.pdf", "%PDF-1.4\nnot really a PDF", "could not be read" },
        { "slides.pptx", "PK binary", "files of type .pptx are not accepted" },
    };

    [Theory, MemberData(nameof(RefusedUploads))]
    public async Task A_refused_upload_is_explained_beside_the_file_field_and_nothing_typed_is_lost(string fileName, string content, string reason)
    {
        await CreateAsync(admin, "cs101");
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, "cs101", "syllabus.md", Syllabus, "text/markdown")).StatusCode);

        var refused = await UploadAsync(admin, "cs101", fileName, Encoding.UTF8.GetBytes(content), "text/plain", new()
        {
            ["Input.Title"] = "Typed title", ["Input.Documents[0].Title"] = "Typed document title", ["Input.Entries[0].Q"] = "Typed question",
            ["Input.Entries[0].A"] = "Typed answer",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = DashboardHost.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains(reason, page.QuerySelector("#upload-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Typed title", ((IHtmlInputElement)page.QuerySelector("#Input_Title")!).Value);
        Assert.Equal("Typed document title", Documents(page).Single().Title);
        Assert.Equal("Typed answer", page.QuerySelector("#Input_Entries_0__A")!.TextContent);
        var stored = await DashboardHost.GetPageAsync(admin, EditPage("cs101"));
        Assert.Equal("CS101 material", ((IHtmlInputElement)stored.QuerySelector("#Input_Title")!).Value);
        Assert.Single(Documents(stored));
    }

    [Fact]
    public async Task A_document_URL_that_is_not_http_or_https_is_refused_beside_its_field()
    {
        await CreateAsync(admin, "cs101");
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, "cs101", "syllabus.md", Syllabus, "text/markdown")).StatusCode);

        var refused = await DashboardHost.SubmitAsync(admin, EditPage("cs101"), Form, new() { ["Input.Documents[0].Url"] = "javascript:alert(1)" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = DashboardHost.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Use an http:// or https:// address, or leave it empty.", page.QuerySelector("span[data-valmsg-for='Input.Documents[0].Url']")!.TextContent);
    }
    [Fact]
    public async Task An_upload_without_the_antiforgery_token_is_refused_and_adds_nothing()
    {
        await CreateAsync(admin, "cs101");
        var form = await DashboardHost.OpenFormAsync(admin, EditPage("cs101"), Form);
        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields.Where(f => f.Key != "__RequestVerificationToken")) body.Add(new StringContent(value), name);
        body.Add(new ByteArrayContent(Syllabus), "Upload", "syllabus.md");

        var refused = await admin.PostAsync(form.Action, body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(Documents(await DashboardHost.GetPageAsync(admin, EditPage("cs101"))));
    }

    [Fact]
    public async Task A_request_larger_than_the_upload_endpoint_limit_is_refused_unread()
    {
        await CreateAsync(admin, "cs101");

        var refused = await UploadAsync(admin, "cs101", "huge.txt", new byte[ChatWidget.Admin.Areas.Admin.Pages.Knowledge.EditModel.MaxRequestBytes + 1], "text/plain");

        // Refused unread: the form limit stops reading the body (400), or the server's request limit does (413).
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
        Assert.Empty(Documents(await DashboardHost.GetPageAsync(admin, EditPage("cs101"))));
    }
}
