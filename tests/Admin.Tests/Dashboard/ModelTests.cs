using System.Net;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class ModelTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await host.CreateAdminAsync();
        admin = await host.SignedInClientAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    /// <summary>A fake OpenAI-compatible upstream on loopback that accepts only one API key.</summary>
    private static async Task<WebApplication> StartUpstreamAsync(string acceptedKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var upstream = builder.Build();
        upstream.MapPost("/v1/chat/completions", (HttpRequest request) =>
            request.Headers.Authorization == "Bearer " + acceptedKey
                ? Results.Json(new { id = "x", @object = "chat.completion", choices = new[] { new { index = 0, message = new { role = "assistant", content = "p" }, finish_reason = "length" } } })
                : Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error" } }, statusCode: 401));
        await upstream.StartAsync();
        return upstream;
    }

    [Fact]
    public async Task Test_connection_shows_the_upstreams_error_then_latency_once_the_key_is_right_and_the_key_is_never_shown()
    {
        await using var upstream = await StartUpstreamAsync("sk-NEW-key-for-the-fake-upstream");
        var baseUrl = upstream.Urls.First() + "/v1";
        // The stored key is never sent to a new base URL: moving the model requires typing the key again.
        var moved = await DashboardHost.SubmitAsync(admin, "/admin/models/edit/fast", "#model-form", new() { ["Input.BaseUrl"] = baseUrl });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("Enter the API key again when you change the base URL.", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/models/edit/fast", "#model-form",
            new() { ["Input.BaseUrl"] = baseUrl, ["Input.ApiKey"] = "sk-wrong-key" })).StatusCode);

        var failed = await DashboardHost.SubmitAsync(admin, "/admin/models", "form[data-model=fast]", new(), submitHandler: "Test");
        Assert.Contains("HTTP 401: Incorrect API key provided.", DashboardHost.Parse(await failed.Content.ReadAsStringAsync()).QuerySelector("#test-result")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/models/edit/fast", "#model-form",
            new() { ["Input.ApiKey"] = "sk-NEW-key-for-the-fake-upstream" })).StatusCode);
        var passed = await DashboardHost.SubmitAsync(admin, "/admin/models", "form[data-model=fast]", new(), submitHandler: "Test");
        Assert.Contains("reachable", DashboardHost.Parse(await passed.Content.ReadAsStringAsync()).QuerySelector("#test-result")!.TextContent, StringComparison.Ordinal);

        var snapshot = await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None);
        Assert.Equal("sk-NEW-key-for-the-fake-upstream", snapshot.Models["fast"].ApiKey);
        foreach (var url in new[] { "/admin/models", "/admin/models/edit/fast", "/admin/audit" })
        {
            Assert.DoesNotContain("sk-NEW-key", await admin.GetStringAsync(url), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Saving_a_model_without_typing_a_key_keeps_the_stored_key()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardHost.SubmitAsync(admin, "/admin/models/edit/fast", "#model-form",
            new() { ["Input.ContextWindow"] = "4096" })).StatusCode);

        var snapshot = await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None);
        Assert.Equal(DashboardHost.ApiKey, snapshot.Models["fast"].ApiKey);
        Assert.Equal(4096, snapshot.Models["fast"].ContextWindow);
    }

    [Fact]
    public async Task Removing_a_model_that_profiles_use_is_refused_with_their_names()
    {
        var response = await DashboardHost.SubmitAsync(admin, "/admin/models", "form[data-model=fast]", new(), submitHandler: "Remove");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("used by these profiles: spare", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var snapshot = await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None);
        Assert.True(snapshot.Models.ContainsKey("fast"));
    }
}
