using System.Net;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class TeamAndAuditTests : IAsyncLifetime
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
    public async Task Rotating_the_team_password_makes_old_team_tokens_fail_and_only_the_new_password_works()
    {
        var old = await host.TeamAccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(old)).StatusCode);

        var rotate = await DashboardHost.SubmitAsync(admin, "/admin/team", "#team-password",
            new() { ["Password.New"] = "saffron-glacier-1987-kite", ["Password.Confirm"] = "saffron-glacier-1987-kite" });

        Assert.Equal(HttpStatusCode.Redirect, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ChatAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.TeamTokenResponseAsync(DashboardHost.TeamPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(await host.TeamAccessTokenAsync("saffron-glacier-1987-kite"))).StatusCode);
    }

    [Fact]
    public async Task A_weak_team_password_is_refused_beside_the_field()
    {
        var response = await DashboardHost.SubmitAsync(admin, "/admin/team", "#team-password",
            new() { ["Password.New"] = "short", ["Password.Confirm"] = "short" });

        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("at least 12 characters", page.QuerySelector("span[data-valmsg-for='Password.New']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_team_access_off_ends_team_sessions()
    {
        var token = await host.TeamAccessTokenAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/team", "#team-off", new())).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.ChatAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Changes_are_audited_with_who_and_before_after_filterable_and_exportable_as_csv()
    {
        await DashboardHost.SubmitAsync(admin, "/admin/platforms", "form.toggle:has(input[value=lms])", new());

        var page = await DashboardHost.GetPageAsync(admin, "/admin/audit?action=platform.disable");
        var row = Assert.Single(page.QuerySelectorAll("#audit tbody tr"));
        Assert.Contains(DashboardHost.AdminEmail, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"enabled\":true", row.QuerySelectorAll("td")[4].TextContent, StringComparison.Ordinal);
        Assert.Contains("\"enabled\":false", row.QuerySelectorAll("td")[5].TextContent, StringComparison.Ordinal);

        var csv = await admin.GetAsync("/admin/audit?handler=Csv&action=platform");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("at_utc,actor,action", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("platform.disable", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("profile.publish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_page_ever_contains_a_secret_or_a_password_hash()
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync();
            var hashes = await db.Users.Select(u => u.PasswordHash!).ToListAsync();
            hashes.Add((await db.TeamAccess.SingleAsync()).PasswordHash!);
            var secrets = new List<string> { DashboardHost.ApiKey, DashboardHost.SharedSecret, DashboardHost.TeamPassword, DashboardHost.AdminPassword };
            secrets.AddRange(hashes);
            secrets.AddRange(await db.Models.Where(m => m.ProtectedApiKey != null).Select(m => m.ProtectedApiKey!).ToListAsync());

            await DashboardHost.SubmitAsync(admin, "/admin/team", "#team-password",
                new() { ["Password.New"] = "saffron-glacier-1987-kite", ["Password.Confirm"] = "saffron-glacier-1987-kite" });
            secrets.Add("saffron-glacier-1987-kite");
            secrets.Add((await db.TeamAccess.AsNoTracking().SingleAsync()).PasswordHash!);

            var pages = new[]
            {
                "/admin", "/admin/profiles", "/admin/profiles/edit/support", "/admin/profiles/versions/support", "/admin/models",
                "/admin/models/edit/fast", "/admin/platforms", "/admin/platforms/edit/lms", "/admin/platforms/keys/lms",
                "/admin/platforms/tester/lms", "/admin/platforms/embed/lms", "/admin/team", "/admin/audit", "/admin/admins",
                "/admin/account/twofactor", "/admin/audit?handler=Csv",
            };
            foreach (var url in pages)
            {
                var response = await admin.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
                var html = await response.Content.ReadAsStringAsync();
                foreach (var secret in secrets) Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{url} shows a secret");
            }
        }
    }
}
