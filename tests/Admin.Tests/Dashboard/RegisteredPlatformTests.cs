using System.Net;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>A platform as LTI Dynamic Registration stores it: disabled, no profiles, waiting for an administrator.</summary>
public sealed class RegisteredPlatformTests : IAsyncLifetime
{
    private const string Edit = "/admin/platforms/edit/moodle-dr";
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
        await LtiPlatforms.AddAsync(host, "moodle-dr", profiles: [], defaultProfile: "", enabled: false, configure: platform =>
        {
            platform.LtiClientId = "dr-client";
            platform.LtiDeploymentIds = ["1"];
            platform.LtiAuthorizationUrl = LtiPlatforms.MoodleAuthorization;
        });
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task The_list_marks_it_lti_and_needing_profiles_and_will_not_enable_it_as_it_is()
    {
        var list = await DashboardHost.GetPageAsync(admin, "/admin/platforms");

        var row = list.QuerySelector("tr:has(a[href='/admin/platforms/edit/moodle-dr'])")!;
        Assert.Equal("LTI", row.QuerySelector(".lti-badge")!.TextContent);
        Assert.StartsWith("disabled — needs profiles", row.QuerySelector("td.status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(row.QuerySelector("form.toggle button"));
        Assert.NotNull(row.QuerySelector("a.needs-profiles[href='/admin/platforms/edit/moodle-dr']"));
        Assert.NotNull(row.QuerySelector("a[href='/admin/platforms/lti/moodle-dr']"));
        var lms = list.QuerySelector("tr:has(a[href='/admin/platforms/edit/lms'])")!;
        Assert.Null(lms.QuerySelector(".lti-badge"));
        Assert.StartsWith("enabled", lms.QuerySelector("td.status")!.TextContent, StringComparison.Ordinal);

        // Posting the toggle anyway changes nothing.
        var toggle = await DashboardHost.SubmitAsync(admin, "/admin/platforms", "form.toggle:has(input[value=moodle-dr])", new());
        Assert.Equal(HttpStatusCode.Redirect, toggle.StatusCode);
        Assert.False((await LtiPlatforms.LiveAsync(host, "moodle-dr")).Enabled);
        Assert.Contains("cannot be enabled yet", (await DashboardHost.GetPageAsync(admin, "/admin/platforms")).QuerySelector(".flash")!.TextContent,
            StringComparison.Ordinal);
        Assert.Empty(await LtiPlatforms.AuditAsync(host, "platform.enable"));
    }

    [Fact]
    public async Task The_edit_page_opens_it_refuses_to_enable_it_without_profiles_and_enables_it_once_profiles_are_picked()
    {
        var page = await DashboardHost.GetPageAsync(admin, Edit);
        Assert.NotNull(page.GetElementById("needs-profiles"));
        Assert.Equal("", LtiPlatforms.FieldValue(page, "Input.DefaultProfile"));
        Assert.Empty(page.QuerySelectorAll("input[name='Input.Profiles']:checked"));
        Assert.NotNull(page.QuerySelector("a#lti-link[href='/admin/platforms/lti/moodle-dr']"));

        // Disabled, it may be saved without profiles (other fields can be corrected first).
        var keepDisabled = await DashboardHost.SubmitAsync(admin, Edit, "#platform-form",
            new() { ["Input.AllowedOrigins"] = "https://moodle.example.edu\nhttps://courses.example.edu" });
        Assert.Equal(HttpStatusCode.Redirect, keepDisabled.StatusCode);
        Assert.Equal(["https://moodle.example.edu", "https://courses.example.edu"], (await LtiPlatforms.LiveAsync(host, "moodle-dr")).AllowedOrigins);

        var refused = await DashboardHost.SubmitAsync(admin, Edit, "#platform-form", new() { ["Input.Enabled"] = "true" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = DashboardHost.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Allow at least one profile", LtiPlatforms.FieldError(errors, "Input.Profiles"), StringComparison.Ordinal);
        Assert.Contains("default profile must be one of the allowed", LtiPlatforms.FieldError(errors, "Input.DefaultProfile"), StringComparison.Ordinal);
        Assert.False((await LtiPlatforms.LiveAsync(host, "moodle-dr")).Enabled);

        var enabled = await DashboardHost.SubmitAsync(admin, Edit, "#platform-form",
            new() { ["Input.Enabled"] = "true", ["Input.Profiles"] = "support", ["Input.DefaultProfile"] = "support" });

        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var live = await LtiPlatforms.LiveAsync(host, "moodle-dr");
        Assert.True(live.Enabled);
        Assert.Equal(["support"], live.Profiles);
        Assert.Equal("support", live.DefaultProfile);
        Assert.Equal("dr-client", live.Lti?.ClientId);
        Assert.Equal(["1"], live.Lti!.DeploymentIds);
        var row = (await DashboardHost.GetPageAsync(admin, "/admin/platforms")).QuerySelector("tr:has(a[href='/admin/platforms/edit/moodle-dr'])")!;
        Assert.StartsWith("enabled", row.QuerySelector("td.status")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector(".lti-badge"));
    }

    [Fact]
    public async Task Its_lti_page_shows_the_registration_and_says_profiles_are_missing()
    {
        var page = await DashboardHost.GetPageAsync(admin, "/admin/platforms/lti/moodle-dr");

        Assert.Equal("dr-client", page.GetElementById("lti-client-id")!.TextContent);
        Assert.Equal("dr-client", LtiPlatforms.FieldValue(page, "Input.ClientId"));
        Assert.Empty(page.QuerySelectorAll("tr.lti-custom"));
        Assert.NotNull(page.QuerySelector("#lti-prerequisites li.hint[data-field='Profiles'] a[href='/admin/platforms/edit/moodle-dr']"));
        Assert.Null(page.QuerySelector("#lti-prerequisites li.bad"));
    }
}
