using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.Tests.Errors;

/// <summary>
/// A fault nothing handles, forced on each surface: the answer is a 500 in that surface's own error shape, and neither
/// the answer nor the log carries what the request or the exception's message said.
/// </summary>
public sealed class UnhandledErrorTests : IDisposable
{
    private const string Canary = "CANARY-unhandled-7c1d";
    private readonly TestPlatforms _platforms = new();
    private readonly HostFactory _host;
    private FaultingConfiguration _configuration = null!;

    public UnhandledErrorTests()
    {
        HostFactory host = null!;
        host = new HostFactory(_platforms.Snapshot(), services: services =>
        {
            services.RemoveAll<ILiveConfiguration>();
            services.AddSingleton<ILiveConfiguration>(_configuration = new FaultingConfiguration(host.Configuration, $"broken near {Canary}"));
        });
        _host = host;
    }

    public void Dispose() => _host.Dispose();

    private void Trip()
    {
        _ = _host.Services; // the host is built and the configuration registered
        _configuration.Tripped = true;
    }

    [Fact]
    public async Task The_chat_endpoint_answers_in_OpenAIs_error_shape()
    {
        var access = await _host.AccessTokenAsync(_platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow())));
        Trip();

        var response = await _host.CreateClient().SendAsync(ChatRequests.Completion(access, $"my question {Canary}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("internal_error", error.GetProperty("code").GetString());
        await AssertNothingLeakedAsync(response);
    }

    [Fact]
    public async Task The_token_endpoint_answers_in_OAuths_error_shape_and_is_not_cached()
    {
        Trip();

        var response = await _host.ExchangeAsync(_platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow())));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("server_error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore);
        await AssertNothingLeakedAsync(response);
    }

    [Fact]
    public async Task A_browser_gets_a_page_with_the_reference_the_log_has()
    {
        Trip();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/widget/frame?platform=lms&note={Canary}");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        var response = await _host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Something went wrong</h1>", page);
        var reference = page.Split("<code>")[1].Split("</code>")[0];
        Assert.Contains(_host.Logs.Lines, line => line.Contains("Unhandled System.InvalidOperationException <- System.FormatException")
            && line.Contains($"reference {reference}") && line.Contains("GET /widget/frame"));
        Assert.NotNull(response.Headers.GetValues("Content-Security-Policy").SingleOrDefault());
        await AssertNothingLeakedAsync(response);
    }

    [Fact]
    public async Task Any_other_client_gets_problem_details()
    {
        Trip();
        var request = new HttpRequestMessage(HttpMethod.Get, "/widget/frame?platform=lms");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await _host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        await AssertNothingLeakedAsync(response);
    }

    private async Task AssertNothingLeakedAsync(HttpResponseMessage response)
    {
        Assert.DoesNotContain(Canary, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
        Assert.Contains(_host.Logs.Lines, line => line.Contains("Unhandled System.InvalidOperationException"));
        Assert.DoesNotContain(Canary, _host.Logs.AllText);
    }
}
