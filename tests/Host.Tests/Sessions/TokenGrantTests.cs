using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>The refresh grant, the team grant, and malformed token requests.</summary>
public sealed class TokenGrantTests : IDisposable
{
    private readonly TestPlatforms _platforms = new();
    private readonly HostFactory _host;

    public TokenGrantTests() => _host = new HostFactory(_platforms.Snapshot());

    public void Dispose() => _host.Dispose();

    private Task<string> LaunchAsync() =>
        _host.AccessTokenAsync(_platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow())));

    [Fact]
    public async Task A_live_access_token_refreshes_into_a_new_one_for_the_same_session()
    {
        var first = await LaunchAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await _host.RefreshAsync(first);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(Claim(first, "sid"), Claim(second, "sid"));
        Assert.Equal(Claim(first, "lh"), Claim(second, "lh"));
    }

    [Fact]
    public async Task An_expired_access_token_cannot_be_refreshed()
    {
        var token = await LaunchAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(16));

        await AssertInvalidGrant(await _host.RefreshAsync(token));
    }

    [Fact]
    public async Task Refreshing_stops_at_the_sessions_maximum_lifetime()
    {
        var token = await LaunchAsync();
        for (var i = 0; i < 40; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(14));
            var response = await _host.RefreshAsync(token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // 8 hours = 480 minutes; the last token is cut to end with the session.
                Assert.InRange(i * 14, 8 * 60 - 28, 8 * 60);
                await AssertInvalidGrant(response);
                return;
            }

            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }

        Assert.Fail("The session outlived its 8-hour maximum.");
    }

    [Fact]
    public async Task Refresh_from_another_origin_is_forbidden()
    {
        var token = await LaunchAsync();

        var response = await _host.RefreshAsync(token, origin: "https://evil.example.com");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Refresh_for_another_platform_is_refused()
    {
        var token = await LaunchAsync();

        await AssertInvalidGrant(await _host.RefreshAsync(token, platform: "other", origin: TestPlatforms.OtherOrigin));
    }

    [Fact]
    public async Task Refresh_is_refused_once_the_platform_is_disabled_or_rekeyed()
    {
        var token = await LaunchAsync();

        _host.Configuration.UpdatePlatform("lms", p => p with { Generation = p.Generation + 1 });

        await AssertInvalidGrant(await _host.RefreshAsync(token));
    }

    [Fact]
    public async Task A_launch_token_presented_for_refresh_is_refused()
    {
        var launch = _platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow()));

        await AssertInvalidGrant(await _host.RefreshAsync(launch));
    }

    [Fact]
    public async Task An_access_token_presented_as_a_launch_token_is_refused()
    {
        var access = await LaunchAsync();

        await AssertInvalidGrant(await _host.ExchangeAsync(access));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("launch token WrongTokenType"));
    }

    [Fact]
    public async Task The_team_password_buys_a_team_session_on_the_team_profile()
    {
        var response = await TeamAsync(TestPlatforms.TeamPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.Equal("team", Claim(token, "platform"));
        Assert.Equal("support", Claim(token, "profile"));
        Assert.Null(Claim(token, "lh"));
    }

    [Fact]
    public async Task A_wrong_team_password_is_refused_without_echoing_it()
    {
        var response = await TeamAsync("guess-123");

        await AssertInvalidGrant(response);
        Assert.DoesNotContain("guess-123", _host.Logs.AllText);
    }

    [Fact]
    public async Task The_team_password_is_refused_when_team_access_is_off()
    {
        _host.Configuration.Update(s => s with { Team = s.Team with { Enabled = false } });

        await AssertInvalidGrant(await TeamAsync(TestPlatforms.TeamPassword));
    }

    [Fact]
    public async Task A_team_session_may_only_be_bound_to_Hosts_own_origin()
    {
        var response = await TeamAsync(TestPlatforms.TeamPassword, origin: "https://evil.example.com");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_rotated_team_password_refuses_refresh_of_old_team_tokens()
    {
        var response = await TeamAsync(TestPlatforms.TeamPassword);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        _host.Configuration.Update(s => s with { Team = new TeamAccessSettings(true, TeamPasswordHasher.Hash("new password 2026!"), "support", 2) });

        await AssertInvalidGrant(await _host.RefreshAsync(token, platform: "team", origin: HostFactory.HostOrigin));
    }

    [Theory]
    [InlineData("grant_type=password&password=x", "unsupported_grant_type")]
    [InlineData("subject_token=abc", "invalid_request")]
    [InlineData("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt", "invalid_request")]
    [InlineData("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=abc&subject_token_type=saml", "invalid_request")]
    [InlineData("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=abc&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&origin=https%3A%2F%2Flms.example.edu", "invalid_request")]
    [InlineData("grant_type=a&grant_type=b", "invalid_request")]
    public async Task Malformed_token_requests_get_a_400_that_names_the_error(string form, string error)
    {
        var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await _host.CreateClient().PostAsync("/api/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_json_body_is_refused_as_invalid_request()
    {
        var response = await _host.CreateClient().PostAsJsonAsync("/api/token", new { grant_type = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_cross_origin_request_from_an_unrelated_page_is_forbidden()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:chatwidget:params:oauth:grant-type:team-password",
                ["password"] = TestPlatforms.TeamPassword,
            }),
        };
        request.Headers.Add("Origin", "https://evil.example.com");

        var response = await _host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private Task<HttpResponseMessage> TeamAsync(string password, string? origin = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:chatwidget:params:oauth:grant-type:team-password",
            ["password"] = password,
        };
        if (origin is not null) form["origin"] = origin;
        return _host.CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(form));
    }

    internal static string? Claim(string jwt, string name)
    {
        using var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[1]));
        return payload.RootElement.TryGetProperty(name, out var value) ? value.ToString() : null;
    }

    private static async Task AssertInvalidGrant(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
