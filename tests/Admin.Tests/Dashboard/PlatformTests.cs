using System.Net;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class PlatformTests : IAsyncLifetime
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
    public async Task Disabling_a_platform_makes_a_live_access_token_fail_with_403_at_the_next_chat_request()
    {
        var token = await host.LaunchAccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(token)).StatusCode);

        var disable = await DashboardHost.SubmitAsync(admin, "/admin/platforms", "form.toggle:has(input[value=lms])", new());

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ChatAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_generated_secret_is_shown_once_works_for_launches_and_rotating_keys_ends_live_sessions()
    {
        var before = await host.LaunchAccessTokenAsync();

        var refused = await DashboardHost.SubmitAsync(admin, "/admin/platforms/keys/lms", "#generate-secret", new() { ["kid"] = "2026-06" });
        Assert.Contains("every key needs a kid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/platforms/keys/lms", "form.set-kid", new() { ["kid"] = "2025-01" })).StatusCode);

        var generate = await DashboardHost.SubmitAsync(admin, "/admin/platforms/keys/lms", "#generate-secret", new() { ["kid"] = "2026-06" });

        Assert.Equal(HttpStatusCode.OK, generate.StatusCode);
        var secret = DashboardHost.Parse(await generate.Content.ReadAsStringAsync()).QuerySelector("#generated-secret")!.TextContent.Trim();
        Assert.True(secret.Length >= 43);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ChatAsync(before)).StatusCode);
        var again = await admin.GetStringAsync("/admin/platforms/keys/lms");
        Assert.DoesNotContain(secret, again, StringComparison.Ordinal);

        // Two keys now: the tester shows that a token without kid is refused at the key id step, and one with a bad signature at the signature step.
        var tester = await DashboardHost.SubmitAsync(admin, "/admin/platforms/tester/lms", "#tester-form",
            new() { ["Token"] = DashboardHost.MintLaunchToken(secret: "not-the-secret-not-the-secret-not-the-secret") });
        var checks = DashboardHost.Parse(await tester.Content.ReadAsStringAsync()).QuerySelectorAll("#checks li");
        Assert.Equal("check-fail", checks[^1].ClassName);
        Assert.Contains("key id", checks[^1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await tester.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tester_walks_a_valid_token_through_every_check_without_using_it_up()
    {
        var token = DashboardHost.MintLaunchToken();

        var tester = await DashboardHost.SubmitAsync(admin, "/admin/platforms/tester/lms", "#tester-form", new() { ["Token"] = token });

        var page = DashboardHost.Parse(await tester.Content.ReadAsStringAsync());
        Assert.All(page.QuerySelectorAll("#checks li"), li => Assert.Equal("check-pass", li.ClassName));
        Assert.Contains("signature", page.QuerySelector("#checks")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platform_validation_shows_messages_beside_the_fields()
    {
        var response = await DashboardHost.SubmitAsync(admin, "/admin/platforms/edit/lms", "#platform-form",
            new() { ["Input.AllowedOrigins"] = "https://lms.example.edu/path", ["Input.MaxLaunchTokenLifetimeSeconds"] = "5" });

        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("no path", page.QuerySelector("span[data-valmsg-for='Input.AllowedOrigins']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Between 10 and 3600 seconds.", page.QuerySelector("span[data-valmsg-for='Input.MaxLaunchTokenLifetimeSeconds']")!.TextContent);
    }

    [Fact]
    public async Task The_embed_snippet_names_the_platform_and_host()
    {
        var page = await DashboardHost.GetPageAsync(admin, "/admin/platforms/embed/lms?position=left");

        var snippet = page.QuerySelector("#snippet")!.TextContent;
        Assert.Contains("src=\"http://localhost/widget.js\"", snippet, StringComparison.Ordinal);
        Assert.Contains("data-platform=\"lms\"", snippet, StringComparison.Ordinal);
        Assert.Contains("data-position=\"left\"", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embed_page_previews_the_default_profile_without_inline_style_or_script()
    {
        var page = await DashboardHost.GetPageAsync(admin, "/admin/platforms/embed/lms?position=left");

        var preview = page.QuerySelector("#widget-preview")!;
        Assert.Contains("wp-left", preview.ClassList);
        Assert.True(preview.HasAttribute("inert"));
        Assert.Equal("#0a66c2", preview.GetAttribute("data-accent"));
        Assert.Equal("#ffffff", preview.GetAttribute("data-on-accent"));
        Assert.Equal("Course assistant", preview.QuerySelector(".wp-title")!.TextContent);
        Assert.Equal("Hello from v1", preview.QuerySelector(".wp-greeting")!.TextContent);
        Assert.Null(page.QuerySelector("[style]"));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }
}
