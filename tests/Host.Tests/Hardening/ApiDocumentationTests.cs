using System.Net;
using System.Text.Json;

namespace ChatWidget.Host.Tests.Hardening;

public sealed class ApiDocumentationTests : IAsyncLifetime
{
    private readonly HardeningHost _stack = new();
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        var response = await _stack.Host.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private JsonElement Operation(string path, string method) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    [Fact]
    public void The_document_lists_exactly_the_public_API()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["/api/profile", "/api/token", "/v1/chat/completions", "/v1/models"], paths);
        Assert.StartsWith("3.", _document.GetProperty("openapi").GetString());
    }

    [Fact]
    public void The_token_endpoint_documents_its_form_all_three_grants_and_its_errors()
    {
        var token = Operation("/api/token", "post");
        var form = token.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded");
        Assert.True(form.TryGetProperty("schema", out _));
        var description = token.GetProperty("description").GetString()!;
        Assert.Contains("urn:ietf:params:oauth:grant-type:token-exchange", description);
        Assert.Contains("urn:ietf:params:oauth:token-type:access_token", description);
        Assert.Contains("urn:chatwidget:params:oauth:grant-type:team-password", description);
        foreach (var status in new[] { "200", "400", "403", "429" }) Assert.True(token.GetProperty("responses").TryGetProperty(status, out _), status);
        var raw = _document.GetRawText();
        Assert.Contains("\"error_description\"", raw);
        Assert.Contains("\"grant_type\"", raw);
        Assert.Contains("\"password\"", raw);
    }

    [Fact]
    public void Chat_models_and_profile_document_bearer_auth_and_OpenAI_errors()
    {
        var chat = Operation("/v1/chat/completions", "post");
        foreach (var status in new[] { "200", "400", "401", "403", "413", "429", "502", "503" })
            Assert.True(chat.GetProperty("responses").TryGetProperty(status, out _), status);
        Assert.True(chat.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(chat.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var (path, method) in new[] { ("/v1/chat/completions", "post"), ("/v1/models", "get"), ("/api/profile", "get") })
        {
            var security = Operation(path, method).GetProperty("security");
            Assert.True(security[0].TryGetProperty("bearer", out _), path);
        }

        Assert.Equal("bearer", _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(_document.GetProperty("components").GetProperty("schemas").TryGetProperty("OpenAiErrorDocument", out _));
    }

    [Fact]
    public async Task The_reference_page_is_served_by_Host_alone_under_a_nonced_policy()
    {
        var client = _stack.Host.CreateClient();
        var redirect = await _stack.Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/api/reference");
        Assert.Equal("reference/", redirect.Headers.Location?.OriginalString);

        var page = await client.GetAsync("/api/reference/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value), tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("\"telemetry\":true", html);
        Assert.NotEqual(nonce, (await client.GetAsync("/api/reference/")).Headers.GetValues("Content-Security-Policy").Single().Split("nonce-")[1]);

        var bundle = await client.GetAsync("/api/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
    }
}
