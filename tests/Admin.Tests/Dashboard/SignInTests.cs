using Microsoft.AspNetCore.Hosting;
using System.Net;
using ChatWidget.Admin.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync() => host.CreateAdminAsync();
    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Anonymous_requests_to_the_dashboard_are_sent_to_the_sign_in_page()
    {
        var response = await host.CreateClient().GetAsync("/admin/admins");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/admin/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_signs_in_with_a_strict_cookie_and_sees_the_dashboard()
    {
        var client = host.CreateClient();

        var response = await DashboardHost.SignInAsync(client, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chatwidget.admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        var home = await DashboardHost.GetPageAsync(client, "/admin");
        Assert.Equal("Status", home.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Every_admin_page_forbids_framing_with_a_strict_content_security_policy()
    {
        var response = await host.CreateClient().GetAsync("/admin/login");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var client = host.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await DashboardHost.SignInAsync(client, DashboardHost.AdminEmail, "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await DashboardHost.SignInAsync(client, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var client = await host.SignedInClientAsync();

        var response = await client.PostAsync("/admin/admins?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "intruder@example.org", ["Input.Password"] = "a-long-enough-password-1",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync("intruder@example.org"));
    }

    [Fact]
    public async Task Disabling_an_admin_ends_their_session_and_stops_them_signing_in()
    {
        await host.CreateAdminAsync("second@example.org", "another-good-passphrase-77");
        var second = await host.SignedInClientAsync("second@example.org", "another-good-passphrase-77");
        var first = await host.SignedInClientAsync();
        var disable = await DashboardHost.SubmitAsync(first, "/admin/admins", "form:has(input[name=id]):has(button[formaction*=Disable])", new(),
            submitHandler: "Disable");

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/admin")).StatusCode);
        var again = await DashboardHost.SignInAsync(host.CreateClient(), "second@example.org", "another-good-passphrase-77");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("locked", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_an_admin_with_a_common_password_shows_the_reason_beside_the_password()
    {
        var client = await host.SignedInClientAsync();

        var response = await DashboardHost.SubmitAsync(client, "/admin/admins", "form[action*=Add]",
            new() { ["Input.Email"] = "new@example.org", ["Input.Password"] = "password1234" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("too common", page.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_creates_the_first_admin_from_a_password_on_standard_input_and_refuses_a_duplicate()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var created = await AdminCreateCommand.RunAsync(host.Services, "first@example.org", () => "marble-otter-river-2031", output, error);
        var duplicate = await AdminCreateCommand.RunAsync(host.Services, "first@example.org", () => "marble-otter-river-2031", output, error);
        var weak = await AdminCreateCommand.RunAsync(host.Services, "weak@example.org", () => "short", output, error);

        Assert.Equal(0, created);
        Assert.Equal(1, duplicate);
        Assert.NotEqual(0, weak);
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
        // The rule is said once, in one wording (Identity's own length rule would add a second line).
        Assert.Single(error.ToString().Split('\n'), line => line.Contains("12 characters", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SignInAsync(host.CreateClient(), "first@example.org", "marble-otter-river-2031")).StatusCode);
    }
}

public sealed class ProductionCookieTests : IAsyncLifetime
{
    private readonly DashboardHost host = new(web => web.UseEnvironment("Production"));

    public Task InitializeAsync() => host.CreateAdminAsync();
    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Outside_development_every_admin_cookie_is_secure()
    {
        var client = host.CreateClient();
        client.BaseAddress = new Uri("https://localhost");

        var response = await DashboardHost.SignInAsync(client, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Outside_development_plain_http_to_the_dashboard_is_refused_with_advice()
    {
        var response = await host.CreateClient().GetAsync("/admin/login");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
