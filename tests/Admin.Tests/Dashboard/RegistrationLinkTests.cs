using System.Net;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>The dashboard's LTI Dynamic Registration links, over real HTTP with sign-in and antiforgery.</summary>
public sealed partial class RegistrationLinkTests : IAsyncLifetime
{
    private const string Page = "/admin/platforms/registrations";
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private async Task<string> CreateLinkAsync()
    {
        var response = await DashboardHost.SubmitAsync(admin, Page, "#create-link", new());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        var link = page.QuerySelector("#registration-link")?.GetAttribute("value");
        Assert.NotNull(link);
        Assert.Equal("registration-link", page.QuerySelector("#created button[data-copy]")?.GetAttribute("data-copy"));
        return link;
    }

    private static string SecretOf(string link) => LinkPattern().Match(link).Groups[1].Value;

    private async Task<T> WithDatabaseAsync<T>(Func<ConfigurationDbContext, Task<T>> read)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task A_new_link_is_shown_once_and_only_its_hash_is_stored()
    {
        var link = await CreateLinkAsync();

        Assert.Matches(LinkPattern(), link);
        var secret = SecretOf(link);
        var stored = await WithDatabaseAsync(db => db.LtiRegistrationInvites.AsNoTracking().SingleAsync());
        Assert.Equal(LtiInviteSecret.Hash(secret), stored.Id);
        Assert.Equal(DashboardHost.AdminEmail, stored.CreatedBy);
        Assert.Equal(TimeSpan.FromHours(24), stored.ExpiresAt - stored.CreatedAt);
        Assert.Null(stored.UsedAt);

        var again = await admin.GetStringAsync(Page);
        Assert.DoesNotContain(secret, again, StringComparison.Ordinal);
        Assert.Null(DashboardHost.Parse(again).QuerySelector("#registration-link"));
        var audit = await admin.GetStringAsync("/admin/audit");
        Assert.Contains("lti-invite.create", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_shows_open_links_and_used_ones_with_their_platform()
    {
        await CreateLinkAsync();
        var used = await CreateLinkAsync();
        var invites = host.Services.GetRequiredService<LtiRegistrationInvites>();
        var claim = await invites.ClaimAsync(SecretOf(used), CancellationToken.None);
        Assert.NotNull(claim);
        var stored = await host.Services.GetRequiredService<DynamicallyRegisteredPlatforms>().StoreAsync(claim,
            new DynamicPlatformRegistration("https://moodle.example.edu", new Uri("https://moodle.example.edu/mod/lti/certs.php"), ["RS256"],
                new Uri("https://moodle.example.edu/mod/lti/auth.php"), "client-1", "1", "moodle"),
            CancellationToken.None);
        Assert.Equal(new StoredDynamicRegistration(LtiRegistrationCompletion.Stored, "moodle.example.edu"), stored);

        var page = await DashboardHost.GetPageAsync(admin, Page);

        var rows = page.QuerySelectorAll("#invites tbody tr");
        Assert.Equal(2, rows.Length);
        var usedRow = rows.Single(r => r.GetAttribute("data-invite") == LtiInviteSecret.Hash(SecretOf(used)));
        Assert.Contains("used", usedRow.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/admin/platforms/edit/moodle.example.edu", usedRow.QuerySelector(".status a")!.GetAttribute("href"));
        Assert.Null(usedRow.QuerySelector("form.revoke"));
        var openRow = rows.Single(r => r != usedRow);
        Assert.Contains("open", openRow.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(DashboardHost.AdminEmail, openRow.TextContent, StringComparison.Ordinal);
        Assert.NotNull(openRow.QuerySelector("form.revoke"));

        // The platform it created is on the Platforms page, disabled.
        var platforms = await DashboardHost.GetPageAsync(admin, "/admin/platforms");
        Assert.Contains("moodle.example.edu", platforms.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("lti-dynamic-registration (invite created by root@example.org)", await admin.GetStringAsync("/admin/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_link_disappears_from_the_list_and_no_longer_opens()
    {
        var secret = SecretOf(await CreateLinkAsync());

        var revoke = await DashboardHost.SubmitAsync(admin, Page, "form.revoke", new());

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var page = await DashboardHost.GetPageAsync(admin, Page);
        Assert.Empty(page.QuerySelectorAll("#invites tbody tr"));
        Assert.Equal(0, await WithDatabaseAsync(db => db.LtiRegistrationInvites.CountAsync()));
        Assert.Contains("lti-invite.revoke", await admin.GetStringAsync("/admin/audit"), StringComparison.Ordinal);

        var opened = await host.CreateClient().GetAsync($"/lti/register?invite={secret}&openid_configuration=https%3A%2F%2Fmoodle.example.edu%2Fmod%2Flti%2Fopenid-configuration.php");
        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Contains("not valid any more", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_link_needs_the_antiforgery_token_and_a_signed_in_administrator()
    {
        var forged = await admin.PostAsync(Page + "?handler=Create", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var anonymous = await host.CreateClient().GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/admin/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await WithDatabaseAsync(db => db.LtiRegistrationInvites.CountAsync()));
    }

    [Fact]
    public async Task The_page_is_in_the_navigation_and_needs_no_inline_script()
    {
        var home = await DashboardHost.GetPageAsync(admin, "/admin");
        Assert.NotNull(home.QuerySelector($"nav a[href='{Page}']"));

        var response = await DashboardHost.SubmitAsync(admin, Page, "#create-link", new());
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Null(page.QuerySelector("[style]"));
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore); // the secret must not stay in a cache
    }

    [GeneratedRegex("^http://localhost/lti/register\\?invite=([A-Za-z0-9_-]{43})$")]
    private static partial Regex LinkPattern();
}
