using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Hardening;

public sealed class RequestHygieneTests
{
    [Fact]
    public async Task API_responses_carry_the_security_headers_and_the_strict_policy()
    {
        await using var stack = new HardeningHost();

        var response = await stack.Host.CreateClient().GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    [Fact]
    public async Task The_frame_page_keeps_its_own_policy()
    {
        await using var stack = new HardeningHost();

        var response = await stack.Host.CreateClient().GetAsync("/widget/frame?platform=lms");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors {TestPlatforms.LmsOrigin}", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Healthz_and_readyz_answer()
    {
        await using var stack = new HardeningHost();
        var client = stack.Host.CreateClient();

        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("checks").GetProperty("upstreams").GetProperty("data").GetProperty("open").GetInt32());
    }

    [Theory]
    [InlineData("/v1/chat/completions", "POST")]
    [InlineData("/api/token", "POST")]
    [InlineData("/v1/models", "GET")]
    public async Task A_registered_platform_origin_passes_the_CORS_preflight(string path, string method)
    {
        await using var stack = new HardeningHost();

        var response = await Preflight(stack, path, method, TestPlatforms.LmsOrigin);

        Assert.True(response.IsSuccessStatusCode, $"preflight status {response.StatusCode}");
        Assert.Equal(TestPlatforms.LmsOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("https://lms.example.edu.evil.test")]
    [InlineData("https://evil.example.edu")]
    [InlineData("http://lms.example.edu")]
    [InlineData("https://lms.example.edu:8443")]
    [InlineData("null")]
    public async Task Other_origins_get_no_CORS_grant(string origin)
    {
        await using var stack = new HardeningHost();

        var preflight = await Preflight(stack, "/v1/chat/completions", "POST", origin);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/token") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", origin);
        var response = await stack.Host.CreateClient().SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_disabled_platforms_origins_lose_CORS_at_once()
    {
        await using var stack = new HardeningHost();
        stack.Host.Configuration.Update(s => s with
        {
            Platforms = s.Platforms.ToDictionary(p => p.Key, p => p.Key == "lms" ? p.Value with { Enabled = false } : p.Value),
        });

        var preflight = await Preflight(stack, "/v1/chat/completions", "POST", TestPlatforms.LmsOrigin);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Kestrel_refuses_oversized_headers_and_request_lines()
    {
        await using var stack = new HardeningHost();
        stack.Host.UseKestrel(0);
        stack.Host.StartServer();
        var client = stack.Host.CreateClient();

        var headers = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        headers.Headers.Add("X-Padding", new string('a', 40 * 1024));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(headers)).StatusCode);

        var line = await client.GetAsync("/healthz?q=" + new string('a', 9 * 1024));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, line.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static Task<HttpResponseMessage> Preflight(HardeningHost stack, string path, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return stack.Host.CreateClient().SendAsync(request);
    }
}
