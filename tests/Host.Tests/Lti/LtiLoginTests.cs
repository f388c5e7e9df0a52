using System.Net;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>
/// <c>/lti/login</c> (contract §8, issue 11 items 2 and 3): what it sends the platform, how it binds the state to the
/// browser, what it refuses, and that the platform's user hints never reach a log.
/// </summary>
public sealed class LtiLoginTests : IDisposable
{
    private const string Issuer = "https://moodle.example.edu";
    private const string AuthorizationUrl = "https://moodle.example.edu/mod/lti/auth.php";
    private readonly HostFactory _host;

    public LtiLoginTests()
    {
        var snapshot = new TestPlatforms().Snapshot();
        var platforms = new Dictionary<string, PlatformSettings>(snapshot.Platforms)
        {
            ["moodle"] = snapshot.Platforms["rsa"] with
            {
                Id = "moodle", Issuer = Issuer, AllowedOrigins = [Issuer],
                Lti = new LtiRegistration("client-1", ["1"], new Uri(AuthorizationUrl), []),
            },
            ["off"] = snapshot.Platforms["rsa"] with
            {
                Id = "off", Issuer = "https://off.example.edu", Enabled = false,
                Lti = new LtiRegistration("client-2", ["1"], new Uri("https://off.example.edu/auth"), []),
            },
        };
        _host = new HostFactory(snapshot with { Platforms = platforms }, settings: new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:TokenPerIp:Burst"] = "5",
            ["ChatWidget:RateLimits:TokenPerIp:PerMinute"] = "1",
        });
    }

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, string?> Login(string loginHint = "hint") => new()
    {
        ["iss"] = Issuer,
        ["login_hint"] = loginHint,
        ["target_link_uri"] = HostFactory.HostOrigin + "/lti/launch",
        ["lti_message_hint"] = "message-hint",
        ["client_id"] = "client-1",
        ["lti_deployment_id"] = "1",
    };

    private Task<HttpResponseMessage> GetAsync(IDictionary<string, string?> parameters) =>
        _host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).GetAsync(QueryHelpers.AddQueryString("/lti/login", parameters));

    [Fact]
    public async Task A_login_redirects_to_the_platform_with_every_oidc_parameter_and_a_fresh_state_and_nonce()
    {
        using var first = await GetAsync(Login());
        using var second = await GetAsync(Login());

        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        var location = first.Headers.Location!;
        Assert.Equal(AuthorizationUrl, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("openid", query["scope"]);
        Assert.Equal("id_token", query["response_type"]);
        Assert.Equal("form_post", query["response_mode"]);
        Assert.Equal("none", query["prompt"]);
        Assert.Equal("client-1", query["client_id"]);
        Assert.Equal(HostFactory.HostOrigin + "/lti/launch", query["redirect_uri"]);
        Assert.Equal("hint", query["login_hint"]);
        Assert.Equal("message-hint", query["lti_message_hint"]);
        Assert.True(query["state"].ToString().Length >= 43);
        Assert.True(query["nonce"].ToString().Length >= 43);
        var again = QueryHelpers.ParseQuery(second.Headers.Location!.Query);
        Assert.NotEqual(query["state"], again["state"]);
        Assert.NotEqual(query["nonce"], again["nonce"]);
        Assert.Contains("no-store", first.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_state_cookie_is_short_lived_http_only_secure_cross_site_and_partitioned()
    {
        using var response = await GetAsync(Login());

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith("__Secure-cw-lti-", cookie);
        Assert.Contains("path=/lti", attributes);
        Assert.Contains("max-age=300", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=none", attributes);
        Assert.Contains("partitioned", attributes);
        // The cookie holds the browser's binding secret, never the state the platform sees in the URL.
        var state = QueryHelpers.ParseQuery(response.Headers.Location!.Query)["state"].ToString();
        Assert.DoesNotContain(state, cookie);
    }

    [Fact]
    public async Task With_platform_storage_offered_the_login_is_a_page_that_stores_the_binding_and_then_goes_on()
    {
        var parameters = Login();
        parameters["lti_storage_target"] = "_parent";

        using var response = await GetAsync(parameters);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-mode=\"lti-login\"", page);
        Assert.Contains("data-storage-target=\"_parent\"", page);
        Assert.Contains("data-platform-origin=\"https://moodle.example.edu\"", page);
        Assert.Contains("data-redirect=\"https://moodle.example.edu/mod/lti/auth.php?", page);
        Assert.EndsWith("frame-ancestors " + Issuer, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Single(response.Headers.GetValues("Set-Cookie"));
    }

    [Theory]
    [InlineData("iss", null)]
    [InlineData("login_hint", null)]
    [InlineData("target_link_uri", null)]
    [InlineData("iss", "https://unknown.example.edu")]
    [InlineData("client_id", "another-client")]
    [InlineData("lti_deployment_id", "99")]
    [InlineData("target_link_uri", "https://elsewhere.example.com/lti/launch")]
    [InlineData("lti_storage_target", "javascript:alert(1)")]
    public async Task A_login_that_names_nothing_registered_or_is_malformed_is_refused_with_a_page_and_no_state(string parameter, string? value)
    {
        var parameters = Login();
        if (value is null) parameters.Remove(parameter);
        else parameters[parameter] = value;

        using var response = await GetAsync(parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be verified", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_disabled_platform_cannot_start_a_login()
    {
        var parameters = Login();
        parameters["iss"] = "https://off.example.edu";
        parameters["client_id"] = "client-2";

        using var response = await GetAsync(parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_login_as_a_form_post_works_like_the_query_and_a_repeated_parameter_is_refused()
    {
        var client = _host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var posted = await client.PostAsync("/lti/login", new FormUrlEncodedContent(Login()!));
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);

        var repeated = Login()!.Select(p => KeyValuePair.Create(p.Key, p.Value!)).Append(KeyValuePair.Create("iss", Issuer));
        using var refused = await client.PostAsync("/lti/login", new FormUrlEncodedContent(repeated));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Logins_are_rate_limited_per_client_address_with_a_readable_answer()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await GetAsync(Login());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Found));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_platforms_login_and_message_hints_reach_no_log_line_at_trace_level()
    {
        const string loginHint = "login-hint-canary-3b1f";
        var parameters = Login(loginHint);
        parameters["lti_message_hint"] = "message-hint-canary-77aa";

        using var response = await GetAsync(parameters);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains(_host.Logs.Lines, line => line.Contains("LTI login for platform moodle", StringComparison.Ordinal));
        Assert.DoesNotContain(loginHint, _host.Logs.AllText);
        Assert.DoesNotContain("message-hint-canary-77aa", _host.Logs.AllText);
    }
}
