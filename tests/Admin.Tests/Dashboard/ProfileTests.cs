using System.Net;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class ProfileTests : IAsyncLifetime
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
    public async Task Validation_messages_render_beside_the_fields_they_are_about()
    {
        var response = await SaveDraftAsync(new()
        {
            ["Input.Title"] = "", ["Input.Temperature"] = "3", ["Input.Accent"] = "blue",
            ["Input.Knowledge[0].Q"] = "A question without an answer", ["Input.Knowledge[0].A"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        string MessageFor(string field) => page.QuerySelector($"span[data-valmsg-for='{field}']")!.TextContent;
        Assert.Equal("Give the profile a title.", MessageFor("Input.Title"));
        Assert.Equal("Temperature must be between 0 and 2.", MessageFor("Input.Temperature"));
        Assert.Equal("Use a colour like #0a66c2 or #06c.", MessageFor("Input.Accent"));
        Assert.Equal("Write the answer, or clear both fields.", MessageFor("Input.Knowledge[0].A"));
        Assert.Equal("", MessageFor("Input.Greeting"));
        Assert.Contains("input-validation-error", page.QuerySelector("#Input_Title")!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_not_served_publishing_makes_it_live_and_restoring_brings_the_old_version_back()
    {
        var token = await host.LaunchAccessTokenAsync();
        Assert.Equal("Hello from v1", (await host.PublicProfileAsync(token)).GetProperty("greeting").GetString());

        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(new() { ["Input.Greeting"] = "Hello from the dashboard" })).StatusCode);
        Assert.Equal("Hello from v1", (await host.PublicProfileAsync(await host.LaunchAccessTokenAsync())).GetProperty("greeting").GetString());

        var publish = await DashboardHost.SubmitAsync(admin, "/admin/profiles/edit/support", "#publish-form", new());
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Equal("Hello from the dashboard", (await host.PublicProfileAsync(await host.LaunchAccessTokenAsync())).GetProperty("greeting").GetString());

        var versions = await DashboardHost.GetPageAsync(admin, "/admin/profiles/versions/support");
        Assert.Contains(DashboardHost.AdminEmail, versions.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("seed file", versions.QuerySelectorAll("tbody tr")[1].TextContent, StringComparison.Ordinal);
        var compare = await DashboardHost.GetPageAsync(admin, "/admin/profiles/versions/support?a=1&b=2");
        var diff = Assert.Single(compare.QuerySelectorAll("table.diff tbody tr"));
        Assert.Equal("Greeting", diff.QuerySelector("td")!.TextContent);

        var restore = await DashboardHost.SubmitAsync(admin, "/admin/profiles/versions/support", "form.restore", new() { ["number"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("Hello from v1", (await host.PublicProfileAsync(await host.LaunchAccessTokenAsync())).GetProperty("greeting").GetString());
        var after = await DashboardHost.GetPageAsync(admin, "/admin/profiles/versions/support");
        Assert.StartsWith("v3", after.QuerySelector("tbody tr td")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_duplicate_and_delete_a_profile_and_a_profile_in_use_cannot_be_deleted()
    {
        var create = await DashboardHost.SubmitAsync(admin, "/admin/profiles/edit", "#profile-form",
            new() { ["Input.Id"] = "history", ["Input.Title"] = "History", ["Input.Model"] = "offline" });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var duplicate = await DashboardHost.SubmitAsync(admin, "/admin/profiles", "form[action*=Duplicate]:has(input[value=history])", new() { ["newId"] = "history-2" });
        Assert.Equal(HttpStatusCode.Redirect, duplicate.StatusCode);
        var list = await DashboardHost.GetPageAsync(admin, "/admin/profiles");
        Assert.Contains("history-2", list.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);

        var inUse = await DashboardHost.SubmitAsync(admin, "/admin/profiles", "form[action*=Delete]:has(input[value=support])", new());
        Assert.Contains("used by platform lms", await inUse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var delete = await DashboardHost.SubmitAsync(admin, "/admin/profiles", "form[action*=Delete]:has(input[value=history-2])", new());
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.DoesNotContain("history-2", (await DashboardHost.GetPageAsync(admin, "/admin/profiles")).QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }
}
