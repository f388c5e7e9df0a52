namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class HomeTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync() => host.CreateAdminAsync();
    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task The_home_page_shows_status_at_a_glance_and_checks_model_reachability()
    {
        var admin = await host.SignedInClientAsync();

        var home = await DashboardHost.GetPageAsync(admin, "/admin");
        var text = home.QuerySelector("main")!.TextContent;
        Assert.Contains("2 of 2 enabled", text, StringComparison.Ordinal);
        Assert.Contains("1 of 1 enabled", text, StringComparison.Ordinal);
        Assert.Contains("2 published", text, StringComparison.Ordinal);
        Assert.Contains("On (profile support)", text, StringComparison.Ordinal);

        var checkedPage = await DashboardHost.SubmitAsync(admin, "/admin", "form[action*=Check]", new());
        var html = await checkedPage.Content.ReadAsStringAsync();
        Assert.Contains("reachable, 0 ms", html, StringComparison.Ordinal);
        Assert.Contains("unreachable", html, StringComparison.Ordinal);
    }
}
