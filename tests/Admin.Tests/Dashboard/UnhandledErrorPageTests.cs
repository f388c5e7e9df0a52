using System.Data.Common;
using System.Net;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>A dashboard page whose database fails in a way nothing handles: the administrator gets a page, not an empty 500.</summary>
public sealed class UnhandledErrorPageTests : IAsyncLifetime
{
    private const string Canary = "CANARY-dashboard-fault-51e0";
    private readonly FailingCommands _commands = new();
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new DashboardHost(web => web.ConfigureTestServices(services =>
            services.ConfigureDbContext<ConfigurationDbContext>(options => options.AddInterceptors(_commands))));
        await _host.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_fault_behind_a_dashboard_page_answers_an_error_page_with_a_reference()
    {
        var client = await _host.SignedInClientAsync();
        _commands.Failing = true;

        var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = DashboardHost.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Something went wrong", page.QuerySelector("h1")?.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("code")?.TextContent));
        Assert.DoesNotContain(Canary, page.Source.Text);
    }

    private sealed class FailingCommands : DbCommandInterceptor
    {
        public bool Failing { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Failing ? throw new InvalidOperationException($"disk on fire {Canary}") : ValueTask.FromResult(result);
    }
}
