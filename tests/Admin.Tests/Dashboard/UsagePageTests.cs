using System.Globalization;
using System.Net;
using ChatWidget.Admin.Configuration.Usage;
using ChatWidget.Host.Observability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>Dashboard → Usage over real HTTP: the turns sent are the turns shown, priced, exported and purged.</summary>
public sealed class UsagePageTests : IAsyncLifetime
{
    private readonly DashboardHost host = new(web => web.UseSetting("ChatWidget:Usage:RetentionDays", "10"));
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_totals_equal_the_turns_sent_and_the_chart_has_a_bar_per_day()
    {
        var learner = await host.LaunchAccessTokenAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(learner)).StatusCode);
        var team = await host.TeamAccessTokenAsync();
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(team)).StatusCode);
        await host.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);

        var page = await DashboardHost.GetPageAsync(admin, "/admin/usage");

        Assert.Equal("5", page.QuerySelector("#total-turns")!.TextContent);
        var bars = page.QuerySelectorAll("#usage-chart g.day");
        Assert.Equal(30, bars.Length);
        Assert.Equal("5", bars.Single(b => b.GetAttribute("data-day") == Today).GetAttribute("data-turns"));
        Assert.Contains("support", page.QuerySelector("#top-profiles")!.TextContent);
        Assert.Contains("lms", page.QuerySelector("#top-platforms")!.TextContent);
        Assert.Contains("offline", page.QuerySelector("#unpriced")!.TextContent);

        var lms = await DashboardHost.GetPageAsync(admin, "/admin/usage?platform=lms");
        Assert.Equal("3", lms.QuerySelector("#total-turns")!.TextContent);
    }

    [Fact]
    public async Task A_price_gives_the_cost_estimate_and_the_CSV_has_every_aggregate()
    {
        var learner = await host.LaunchAccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.ChatAsync(learner)).StatusCode);
        await host.Services.GetRequiredService<UsageWriter>().FlushAsync(CancellationToken.None);

        var saved = await DashboardHost.SubmitAsync(admin, "/admin/usage", "#prices tr[data-model=offline] form",
            new() { ["inputPrice"] = "1000000", ["outputPrice"] = "1000000" });
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, DashboardHost.Parse(await saved.Content.ReadAsStringAsync()).QuerySelector(".errors")?.TextContent);

        var rows = (await host.Services.GetRequiredService<UsageStore>().ReadAsync(
            new UsageFilter(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow)), CancellationToken.None)).Days;
        var day = Assert.Single(rows);
        var page = await DashboardHost.GetPageAsync(admin, "/admin/usage");
        Assert.Equal((day.PromptTokens + day.CompletionTokens).ToString("0.00##", CultureInfo.InvariantCulture), page.QuerySelector("#total-cost")!.TextContent);

        var csv = await admin.GetStringAsync("/admin/usage?handler=Csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("day_utc,platform,profile,model,turns,prompt_tokens,completion_tokens", lines[0]);
        Assert.Equal($"\"{Today}\",\"lms\",\"support\",\"offline\",\"1\"", string.Join(',', lines[1].Split(',').Take(5)));
    }

    [Fact]
    public async Task A_bad_price_or_date_range_is_refused_with_a_sentence()
    {
        var price = await DashboardHost.SubmitAsync(admin, "/admin/usage", "#prices tr[data-model=offline] form",
            new() { ["inputPrice"] = "-3", ["outputPrice"] = "" });
        Assert.Contains("The input price must be a number", await price.Content.ReadAsStringAsync());

        var range = await DashboardHost.GetPageAsync(admin, "/admin/usage?from=2026-02-10&to=2026-02-01");
        Assert.Contains("The start date is after the end date.", range.QuerySelector(".errors")!.TextContent);
    }

    [Fact]
    public async Task Days_older_than_the_retention_are_purged()
    {
        var store = host.Services.GetRequiredService<UsageStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var oldest = new UsageTally(new UsageKey(today.AddDays(-10), "lms", "support", "offline"));
        oldest.Add(5, 5, error: false, fallback: false, TimeSpan.FromMilliseconds(120));
        var kept = new UsageTally(new UsageKey(today.AddDays(-9), "lms", "support", "offline"));
        kept.Add(5, 5, error: false, fallback: false, TimeSpan.FromMilliseconds(120));
        await store.AddAsync([oldest, kept], CancellationToken.None);

        await host.Services.GetRequiredService<UsageWriter>().PurgeAsync(CancellationToken.None);

        var rows = await store.ReadAsync(new UsageFilter(today.AddDays(-30), today), CancellationToken.None);
        Assert.Equal(today.AddDays(-9), Assert.Single(rows.Days).Day);
        Assert.All(rows.Buckets, b => Assert.Equal(today.AddDays(-9), b.Day));
    }
}
