using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;

namespace ChatWidget.Admin.Tests.Dashboard.Knowledge;

/// <summary>What an administrator does on the Knowledge pages, as a browser posts it: create, upload, publish.</summary>
internal static class KnowledgeDashboard
{
    public const string Form = "#knowledge-form";

    public static readonly byte[] Syllabus = Encoding.UTF8.GetBytes(
        "# CS101 syllabus\n\n## Grading\n\nHomework counts for 40 percent and the final exam for 60 percent.\n\n## Late work\n\nLate homework loses ten percent a day.\n");

    public static readonly byte[] Handbook = TestPdf.Build("Student handbook", "Office hours are on Tuesdays from two to four in room B12.");

    public static string EditPage(string id) => "/admin/knowledge/edit/" + id;

    public static async Task CreateAsync(HttpClient admin, string id, string title = "CS101 material")
    {
        var response = await DashboardHost.SubmitAsync(admin, "/admin/knowledge/edit", Form,
            new() { ["Input.Id"] = id, ["Input.Title"] = title, ["Input.Language"] = "english" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(EditPage(id), response.Headers.Location?.OriginalString);
    }

    /// <summary>Chooses a file in the editor and saves, typing <paramref name="values"/> over the form's fields too.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, string id, string fileName, byte[] content, string contentType,
        Dictionary<string, string>? values = null) =>
        await (await DashboardHost.OpenFormAsync(admin, EditPage(id), Form)).PostFileAsync(admin, "Upload", fileName, content, contentType, values);

    public static async Task PublishAsync(HttpClient admin, string id) =>
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, EditPage(id), "#publish-form", new())).StatusCode);

    /// <summary>Creates <paramref name="id"/> with the Markdown syllabus and the PDF handbook, and publishes it.</summary>
    public static async Task CreatePublishedAsync(HttpClient admin, string id)
    {
        await CreateAsync(admin, id);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, id, "syllabus.md", Syllabus, "text/markdown")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, id, "handbook.pdf", Handbook, "application/pdf")).StatusCode);
        await PublishAsync(admin, id);
    }

    /// <summary>The editor's document rows: (file cell text, whitespace collapsed; title field value).</summary>
    public static IReadOnlyList<(string File, string Title)> Documents(IHtmlDocument page) =>
        page.QuerySelectorAll("table.documents tbody tr")
            .Select(r => (Regex.Replace(r.QuerySelector("td")!.TextContent, @"\s+", " ").Trim(), ((IHtmlInputElement)r.QuerySelector("input[name$='.Title']")!).Value))
            .ToList();
}
