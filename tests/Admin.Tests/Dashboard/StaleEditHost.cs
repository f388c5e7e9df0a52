using System.Net;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.AspNetCore.Hosting;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>
/// Two tabs of the dashboard on one database (SQLite or PostgreSQL): tab A opens a form, tab B saves a change, then A
/// saves the form it opened before B's save.
/// </summary>
internal sealed class StaleEditHost : IAsyncDisposable
{
    private StaleEditHost(DashboardHost host, TestDatabase database)
    {
        Host = host;
        Database = database;
    }

    public DashboardHost Host { get; }
    public TestDatabase Database { get; }
    public HttpClient TabA { get; private set; } = null!;
    public HttpClient TabB { get; private set; } = null!;

    public static async Task<StaleEditHost> StartAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var host = new DashboardHost(web =>
        {
            foreach (var (key, value) in database.Settings) web.UseSetting(key, value);
        });
        var tabs = new StaleEditHost(host, database);
        await host.CreateAdminAsync();
        tabs.TabA = await host.SignedInClientAsync();
        tabs.TabB = await host.SignedInClientAsync();
        return tabs;
    }

    /// <summary>The refused save: the form again (200), with the notice listing each field saved differently and its value now.</summary>
    public static async Task<(IHtmlDocument Page, IReadOnlyDictionary<string, string> Differences)> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        var notice = page.QuerySelector("#stale-edit");
        Assert.True(notice is not null, "no stale-edit notice on the page");
        Assert.Contains("Not saved", notice.TextContent, StringComparison.Ordinal);
        var differences = notice.QuerySelectorAll("table.stale-fields tbody tr")
            .ToDictionary(r => r.QuerySelector("td")!.TextContent.Trim(), r => r.QuerySelector("td pre")!.TextContent);
        return (page, differences);
    }

    public static void Saved(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected the save to go through, got {(int)response.StatusCode}");

    public async ValueTask DisposeAsync()
    {
        Database.ReleaseConnections();
        await Host.DisposeAsync();
    }
}
