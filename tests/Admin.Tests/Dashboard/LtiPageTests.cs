using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class LtiPageTests : IAsyncLifetime
{
    private const string Page = "/admin/platforms/lti/moodle";
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
        await LtiPlatforms.AddAsync(host, "moodle");
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_valid_lti_block_is_live_at_once_audited_and_bumps_no_generation()
    {
        var generation = (await LtiPlatforms.LiveAsync(host, "moodle")).Generation;
        var values = LtiPlatforms.ValidBlock(clientId: "  abc123 ");
        values["Input.DeploymentIds"] = "1\n  2 \n\n1";

        var save = await DashboardHost.SubmitAsync(admin, Page, "#lti-form", values);

        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal(Page, save.Headers.Location!.OriginalString);
        var live = await LtiPlatforms.LiveAsync(host, "moodle");
        var lti = Assert.IsType<LtiRegistration>(live.Lti);
        Assert.Equal("abc123", lti.ClientId);
        Assert.Equal(["1", "2"], lti.DeploymentIds);
        Assert.Equal(new Uri(LtiPlatforms.MoodleAuthorization), lti.AuthorizationUrl);
        Assert.Equal([new LtiRoleProfile("Instructor", "spare"), new LtiRoleProfile(LtiPlatforms.LearnerUri, "support")], lti.RoleProfiles);
        Assert.Equal("spare", lti.ProfileForRoles([LtiPlatforms.LearnerUri, LtiPlatforms.InstructorUri]));
        Assert.Equal(generation, live.Generation);

        var entry = Assert.Single(await LtiPlatforms.AuditAsync(host, "platform.lti-enable"));
        Assert.Equal(DashboardHost.AdminEmail, entry.Actor);
        Assert.Equal(("platform", "moodle"), (entry.TargetType, entry.TargetId));
        Assert.Contains("\"lti\":null", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"clientId\":\"abc123\"", entry.After, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"Instructor\",\"profile\":\"spare\"", entry.After, StringComparison.Ordinal);

        // A new client id or deployment list changes who may launch next, not the sessions already open.
        values = LtiPlatforms.ValidBlock(clientId: "xyz789");
        values["Input.DeploymentIds"] = "7";
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", values)).StatusCode);
        live = await LtiPlatforms.LiveAsync(host, "moodle");
        Assert.Equal(("xyz789", "7"), (live.Lti!.ClientId, Assert.Single(live.Lti.DeploymentIds)));
        Assert.Equal(generation, live.Generation);
        var update = Assert.Single(await LtiPlatforms.AuditAsync(host, "platform.lti-update"));
        Assert.Contains("abc123", update.Before, StringComparison.Ordinal);
        Assert.Contains("xyz789", update.After, StringComparison.Ordinal);

        var page = await DashboardHost.GetPageAsync(admin, Page);
        Assert.Equal("xyz789", LtiPlatforms.FieldValue(page, "Input.ClientId"));
        Assert.Equal("spare", LtiPlatforms.FieldValue(page, "Input.RoleProfiles[0].ProfileId"));
        Assert.Equal(LtiPlatforms.LearnerUri, LtiPlatforms.FieldValue(page, "Input.RoleProfiles[1].Role"));
    }

    [Theory]
    [InlineData("Input.ClientId", "", "Enter the client id")]
    [InlineData("Input.ClientId", "abc 123", "no spaces")]
    [InlineData("Input.ClientId", "x256", "at most 255 characters")]
    [InlineData("Input.DeploymentIds", " \n \n", "at least one deployment id")]
    [InlineData("Input.DeploymentIds", "1\nx256", "at most 255 characters")]
    [InlineData("Input.AuthorizationUrl", "", "authorization URL")]
    [InlineData("Input.AuthorizationUrl", "http://moodle.example.edu/mod/lti/auth.php", "absolute https URL")]
    [InlineData("Input.AuthorizationUrl", "moodle.example.edu/auth", "absolute https URL")]
    [InlineData("Input.RoleProfiles[0].Role", "", "Enter the LTI role")]
    [InlineData("Input.RoleProfiles[0].Role", "Instructor#TeachingAssistant", "full LTI role URI")]
    [InlineData("Input.RoleProfiles[0].Role", "Teaching Assistant", "full LTI role URI")]
    [InlineData("Input.RoleProfiles[0].ProfileId", "", "Choose the profile")]
    [InlineData("Input.RoleProfiles[1].Role", "Instructor", "already mapped above")]
    public async Task Each_invalid_field_is_refused_beside_it_and_nothing_typed_is_lost(string field, string value, string message)
    {
        value = value.Replace("x256", new string('x', 256), StringComparison.Ordinal);
        var values = LtiPlatforms.ValidBlock();
        values[field] = value;

        var response = await DashboardHost.SubmitAsync(admin, Page, "#lti-form", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, LtiPlatforms.FieldError(page, field), StringComparison.Ordinal);
        foreach (var (name, typed) in values.Where(v => v.Key != "Input.Enabled"))
            Assert.Equal(typed, LtiPlatforms.FieldValue(page, name) ?? "");
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[type=checkbox][name='Input.Enabled']")!).IsChecked);
        Assert.Null((await LtiPlatforms.LiveAsync(host, "moodle")).Lti);
        Assert.Empty(await LtiPlatforms.AuditAsync(host, "platform.lti-enable"));
    }

    [Fact]
    public async Task A_role_mapped_to_a_profile_the_platform_does_not_allow_is_refused_and_kept_on_screen()
    {
        await LtiPlatforms.AddAsync(host, "narrow", issuer: "https://narrow.example.edu", profiles: ["support"]);
        var values = LtiPlatforms.ValidBlock();

        var response = await DashboardHost.SubmitAsync(admin, "/admin/platforms/lti/narrow", "#lti-form", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("\"spare\" is not one of this platform's profiles (support); allow it on the edit page first, or choose another.",
            LtiPlatforms.FieldError(page, "Input.RoleProfiles[0].ProfileId"));
        Assert.Equal("", LtiPlatforms.FieldError(page, "Input.RoleProfiles[1].ProfileId"));
        Assert.Equal("spare", LtiPlatforms.FieldValue(page, "Input.RoleProfiles[0].ProfileId"));
        Assert.Null((await LtiPlatforms.LiveAsync(host, "narrow")).Lti);

        // The form offers only the platform's profiles.
        var offered = (await DashboardHost.GetPageAsync(admin, "/admin/platforms/lti/narrow"))
            .QuerySelectorAll("select[name='Input.RoleProfiles[0].ProfileId'] option").Select(o => o.GetAttribute("value"));
        Assert.Equal(["", "support"], offered);
    }

    [Fact]
    public async Task A_client_id_that_another_platform_uses_with_the_same_issuer_is_refused()
    {
        await LtiPlatforms.AddAsync(host, "moodle-copy");
        await LtiPlatforms.AddAsync(host, "canvas", issuer: "https://canvas.instructure.com");
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);

        var response = await DashboardHost.SubmitAsync(admin, "/admin/platforms/lti/moodle-copy", "#lti-form", LtiPlatforms.ValidBlock());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"Platform moodle already uses this client id with the same issuer ({LtiPlatforms.MoodleIssuer}); an LTI login could not tell the two apart.",
            LtiPlatforms.FieldError(page, "Input.ClientId"));
        Assert.Null((await LtiPlatforms.LiveAsync(host, "moodle-copy")).Lti);

        // Another client id, or the same one under another issuer, is a different login.
        Assert.Equal(HttpStatusCode.Redirect,
            (await DashboardHost.SubmitAsync(admin, "/admin/platforms/lti/moodle-copy", "#lti-form", LtiPlatforms.ValidBlock("def456"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect,
            (await DashboardHost.SubmitAsync(admin, "/admin/platforms/lti/canvas", "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);
        Assert.Equal("abc123", (await LtiPlatforms.LiveAsync(host, "canvas")).Lti!.ClientId);

        // Nor can the edit page make two platforms' logins the same by changing an issuer.
        var edit = await DashboardHost.SubmitAsync(admin, "/admin/platforms/edit/canvas", "#platform-form", new() { ["Input.Issuer"] = LtiPlatforms.MoodleIssuer });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains("Platform moodle has the same issuer and LTI client id (abc123)",
            LtiPlatforms.FieldError(DashboardHost.Parse(await edit.Content.ReadAsStringAsync()), "Input.Issuer"), StringComparison.Ordinal);
        Assert.Equal("https://canvas.instructure.com", (await LtiPlatforms.LiveAsync(host, "canvas")).Issuer);
    }

    [Fact]
    public async Task The_page_shows_what_to_paste_with_the_origin_the_request_came_in_on_each_with_a_working_copy_button()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);
        admin.DefaultRequestHeaders.Host = "chat.example.org:8443";

        var page = await DashboardHost.GetPageAsync(admin, Page);

        var expected = new Dictionary<string, string>
        {
            ["lti-tool-url"] = "http://chat.example.org:8443/lti/launch",
            ["lti-login-url"] = "http://chat.example.org:8443/lti/login",
            ["lti-redirect-uris"] = "http://chat.example.org:8443/lti/launch",
            ["lti-jwks-url"] = "http://chat.example.org:8443/lti/jwks",
            ["lti-custom-support"] = "profile=support",
            ["lti-custom-spare"] = "profile=spare",
            ["lti-issuer"] = LtiPlatforms.MoodleIssuer,
            ["lti-client-id"] = "abc123",
        };
        foreach (var (id, value) in expected)
        {
            Assert.Equal(value, page.GetElementById(id)?.TextContent);
            Assert.NotNull(page.QuerySelector($"button[type=button][data-copy='{id}']"));
        }

        var registration = page.QuerySelector("#lti-tool-registration")!.TextContent;
        Assert.Contains("Initiate login URL", registration, StringComparison.Ordinal);
        Assert.Contains("Public keyset / JWKS URL", registration, StringComparison.Ordinal);
        Assert.Contains("Redirect URI(s)", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", registration, StringComparison.Ordinal);

        // The copy buttons are the dashboard's own script (the CSP forbids inline script, inline handlers and style attributes).
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Null(page.QuerySelector("[style]"));
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.NotNull(page.QuerySelector("script[src='/admin/assets/admin.js']"));
        admin.DefaultRequestHeaders.Host = null;
        Assert.Contains("[data-copy]", await admin.GetStringAsync("/admin/assets/admin.js"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_lti_off_removes_the_block_and_is_audited()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);
        var generation = (await LtiPlatforms.LiveAsync(host, "moodle")).Generation;

        var off = await DashboardHost.SubmitAsync(admin, Page, "#lti-form", new() { ["Input.Enabled"] = "false" });

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var live = await LtiPlatforms.LiveAsync(host, "moodle");
        Assert.Null(live.Lti);
        Assert.Equal(generation, live.Generation);
        var stored = await LtiPlatforms.StoredAsync(host, "moodle");
        Assert.Equal((null, null), (stored.LtiClientId, stored.LtiAuthorizationUrl));
        Assert.Empty(stored.LtiDeploymentIds);
        Assert.Empty(stored.LtiRoleProfiles);
        var entry = Assert.Single(await LtiPlatforms.AuditAsync(host, "platform.lti-disable"));
        Assert.Contains("abc123", entry.Before, StringComparison.Ordinal);
        Assert.Equal("{\"lti\":null}", entry.After);

        var page = await DashboardHost.GetPageAsync(admin, Page);
        Assert.False(((IHtmlInputElement)page.QuerySelector("input[type=checkbox][name='Input.Enabled']")!).IsChecked);
        Assert.Equal("", LtiPlatforms.FieldValue(page, "Input.ClientId"));
        Assert.Null(page.GetElementById("lti-client-id"));
        var list = await DashboardHost.GetPageAsync(admin, "/admin/platforms");
        Assert.NotNull(list.QuerySelector("tr:has(a[href='/admin/platforms/edit/moodle'])"));
        Assert.Null(list.QuerySelector("tr:has(a[href='/admin/platforms/edit/moodle']) .lti-badge"));
    }

    [Fact]
    public async Task Without_an_lti_algorithm_and_a_key_source_the_page_says_what_is_missing_links_the_keys_page_and_refuses()
    {
        // The seed's platform signs HS256 with a shared secret, which no LTI platform does.
        var html = await admin.GetStringAsync("/admin/platforms/lti/lms");
        Assert.DoesNotContain(DashboardHost.SharedSecret, html, StringComparison.Ordinal);
        var page = DashboardHost.Parse(html);

        var algorithms = page.QuerySelector("#lti-prerequisites li[data-field='Algorithms']")!;
        Assert.Contains("RS256 or ES256", algorithms.TextContent, StringComparison.Ordinal);
        Assert.NotNull(algorithms.QuerySelector("a[href='/admin/platforms/edit/lms']"));
        var keys = page.QuerySelector("#lti-prerequisites li[data-field='Keys']")!;
        Assert.Contains("neither a JWKS URL nor an RSA or EC public key", keys.TextContent, StringComparison.Ordinal);
        Assert.NotNull(keys.QuerySelector("a[href='/admin/platforms/keys/lms']"));

        var response = await DashboardHost.SubmitAsync(admin, "/admin/platforms/lti/lms", "#lti-form", LtiPlatforms.ValidBlock());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = DashboardHost.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("form#lti-form .errors")!.TextContent;
        Assert.Contains("Algorithms: an LTI platform signs its id_tokens with RS256 or ES256", summary, StringComparison.Ordinal);
        Assert.Contains("Keys: there is neither a JWKS URL", summary, StringComparison.Ordinal);
        Assert.Null((await LtiPlatforms.LiveAsync(host, "lms")).Lti);

        // A ready platform has nothing blocking.
        Assert.Null((await DashboardHost.GetPageAsync(admin, Page)).QuerySelector("#lti-prerequisites li.bad"));
    }

    [Fact]
    public async Task Move_up_reorders_the_mappings_on_screen_and_only_save_keeps_the_order()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);

        var moved = await DashboardHost.SubmitAsync(admin, Page, "#lti-form", new() { ["moveUp"] = "1" }, submitHandler: "MoveUp");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var page = DashboardHost.Parse(await moved.Content.ReadAsStringAsync());
        Assert.Equal(LtiPlatforms.LearnerUri, LtiPlatforms.FieldValue(page, "Input.RoleProfiles[0].Role"));
        Assert.Equal("support", LtiPlatforms.FieldValue(page, "Input.RoleProfiles[0].ProfileId"));
        Assert.Equal("Instructor", LtiPlatforms.FieldValue(page, "Input.RoleProfiles[1].Role"));
        Assert.Contains("not saved yet", page.QuerySelector("#lti-form")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["1"], page.QuerySelectorAll("#lti-roles button[name=moveUp]").Select(b => b.GetAttribute("value")));
        Assert.Equal("Instructor", (await LtiPlatforms.LiveAsync(host, "moodle")).Lti!.RoleProfiles[0].Role);

        // Saving what the moved page shows stores the new order.
        var values = LtiPlatforms.ValidBlock();
        (values["Input.RoleProfiles[0].Role"], values["Input.RoleProfiles[1].Role"]) = (LtiPlatforms.LearnerUri, "Instructor");
        (values["Input.RoleProfiles[0].ProfileId"], values["Input.RoleProfiles[1].ProfileId"]) = ("support", "spare");
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", values)).StatusCode);
        Assert.Equal([LtiPlatforms.LearnerUri, "Instructor"], (await LtiPlatforms.LiveAsync(host, "moodle")).Lti!.RoleProfiles.Select(r => r.Role));
    }

    [Fact]
    public async Task The_edit_page_refuses_to_drop_a_profile_an_lti_role_mapping_uses()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, Page, "#lti-form", LtiPlatforms.ValidBlock())).StatusCode);

        var edit = await DashboardHost.SubmitAsync(admin, "/admin/platforms/edit/moodle", "#platform-form", new() { ["Input.Profiles"] = "support" });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var page = DashboardHost.Parse(await edit.Content.ReadAsStringAsync());
        Assert.Contains("The LTI role mapping Instructor → spare needs spare", LtiPlatforms.FieldError(page, "Input.Profiles"), StringComparison.Ordinal);
        Assert.Equal(["support", "spare"], (await LtiPlatforms.LiveAsync(host, "moodle")).Profiles);
    }

    [Fact]
    public async Task An_unknown_platform_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/platforms/lti/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/platforms/lti")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/platforms/lti?id=moodle")).StatusCode);
    }
}
