using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatWidget.Host.Embedding.DemoPartner;

namespace ChatWidget.Host.Tests.Embedding;

public sealed partial class DemoPartnerTests : IAsyncLifetime
{
    private const string PartnerOrigin = "http://localhost:5081";
    private readonly DemoHostFactory _factory = new();
    private HttpClient _partner = null!;

    public Task InitializeAsync()
    {
        // A browser of the demo page: keeps the demo site's learner cookie between requests.
        _partner = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _factory.PartnerUrl };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Launch_token_from_the_demo_site_is_accepted_by_the_token_exchange_for_platform_demo()
    {
        var response = await _partner.GetAsync("/chat/launch-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var token = await response.Content.ReadAsStringAsync();

        var exchange = await ExchangeAsync(token);

        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var body = await exchange.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Launch_token_carries_the_demo_claims_and_one_learner_per_browser()
    {
        var first = Claims(await _partner.GetStringAsync("/chat/launch-token"));
        var second = Claims(await _partner.GetStringAsync("/chat/launch-token"));

        Assert.Equal(PartnerOrigin, first.GetProperty("iss").GetString());
        Assert.Equal("chatwidget", first.GetProperty("aud").GetString());
        Assert.Equal("demo", first.GetProperty("profile").GetString());
        Assert.Equal(120, first.GetProperty("exp").GetInt64() - first.GetProperty("iat").GetInt64());
        Assert.Equal(first.GetProperty("sub").GetString(), second.GetProperty("sub").GetString());
        Assert.NotEqual(first.GetProperty("jti").GetString(), second.GetProperty("jti").GetString());

        using var otherBrowser = new HttpClient { BaseAddress = _factory.PartnerUrl };
        var other = Claims(await otherBrowser.GetStringAsync("/chat/launch-token"));
        Assert.NotEqual(first.GetProperty("sub").GetString(), other.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Lesson_page_embeds_the_widget_like_a_partner_under_a_strict_csp()
    {
        var response = await _partner.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src http://localhost:5080;", csp);
        Assert.Contains("frame-src http://localhost:5080;", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("""<script src="http://localhost:5080/widget.js" async data-platform="demo" data-token-url="/chat/launch-token" data-profile="demo"></script>""", html);
        Assert.Contains("Intro to Biology", html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain("style=", html);

        var css = await _partner.GetAsync("/demo.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Inline_token_page_carries_a_token_the_exchange_accepts_once()
    {
        var html = await _partner.GetStringAsync("/inline-token");
        var token = WebUtility.HtmlDecode(LaunchTokenAttribute().Match(html).Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Learner_cookie_stays_on_the_demo_site()
    {
        var response = await _partner.GetAsync("/chat/launch-token");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DemoPartnerSite.LearnerCookie + "=learner-", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string launchToken) =>
        _factory.CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = launchToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["platform"] = "demo",
            ["origin"] = PartnerOrigin,
        }));

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("data-launch-token=\"([^\"]+)\"")]
    private static partial Regex LaunchTokenAttribute();
}
