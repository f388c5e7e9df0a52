using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Tests.EndToEnd;

/// <summary>What the chat endpoint does with tokens that are not, or no longer, live access tokens.</summary>
public sealed class AccessTokenMisuseTests : IAsyncLifetime
{
    private UpstreamHost _stack = null!;

    public async Task InitializeAsync() => _stack = await UpstreamHost.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private HostFactory Host => _stack.Host;

    private Task<HttpResponseMessage> ChatAsync(string token, string? origin = TestPlatforms.LmsOrigin) =>
        Host.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", origin: origin));

    [Fact]
    public async Task A_live_access_token_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(await _stack.LaunchAsync())).StatusCode);
    }

    [Fact]
    public async Task A_launch_token_presented_as_an_access_token_is_401_with_a_bearer_challenge()
    {
        var launch = _stack.Platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Host.Clock.GetUtcNow()));

        await AssertInvalidToken(await ChatAsync(launch));
    }

    [Fact]
    public async Task No_token_is_401()
    {
        var request = ChatRequests.Completion("x", "Hi");
        request.Headers.Authorization = null;

        await AssertInvalidToken(await Host.CreateClient().SendAsync(request));
    }

    [Fact]
    public async Task A_token_signed_with_Hosts_key_but_of_the_wrong_type_is_401()
    {
        var access = await _stack.LaunchAsync();
        var key = (ECDsaSecurityKey)Host.Services.GetRequiredService<HostKeyRing>().SigningCredentials.Key;
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(access.Split('.')[1]))!.AsObject();
        var resigned = LaunchTokenMinter.Es256(key.ECDsa, key.KeyId).Mint(claims); // typ "JWT", not "at+jwt"

        await AssertInvalidToken(await ChatAsync(resigned));
    }

    [Fact]
    public async Task An_access_token_signed_by_anyone_else_is_401()
    {
        var access = await _stack.LaunchAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(access.Split('.')[1]))!.AsObject();
        var forged = LaunchTokenMinter.Es256(attacker, "attacker").Mint(claims, h => h["typ"] = "at+jwt");

        await AssertInvalidToken(await ChatAsync(forged));
    }

    [Fact]
    public async Task An_expired_access_token_is_401()
    {
        var access = await _stack.LaunchAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(10));

        await AssertInvalidToken(await ChatAsync(access));
    }

    [Fact]
    public async Task Disabling_the_platform_ends_live_sessions_at_their_next_request_with_403()
    {
        var access = await _stack.LaunchAsync();
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(access)).StatusCode);

        Host.Configuration.UpdatePlatform("lms", p => p with { Enabled = false });

        var response = await ChatAsync(access);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("session_revoked", await ErrorCode(response));
    }

    [Fact]
    public async Task Rotating_the_platforms_keys_ends_live_sessions()
    {
        var access = await _stack.LaunchAsync();

        Host.Configuration.UpdatePlatform("lms", p => p with { Generation = p.Generation + 1 });

        Assert.Equal(HttpStatusCode.Forbidden, (await ChatAsync(access)).StatusCode);
    }

    [Fact]
    public async Task Rotating_or_switching_off_the_team_password_ends_team_sessions()
    {
        var team = await Host.CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = TokenGrantTypes.TeamPassword,
            ["password"] = TestPlatforms.TeamPassword,
        }));
        var access = (await team.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(access, origin: null)).StatusCode);

        Host.Configuration.Update(s => s with { Team = new TeamAccessSettings(true, TeamPasswordHasher.Hash("a brand new password!"), "support", 2) });
        Assert.Equal(HttpStatusCode.Forbidden, (await ChatAsync(access, origin: null)).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_the_sessions_origin_from_the_platform_ends_it()
    {
        Host.Configuration.UpdatePlatform("lms", p => p with { AllowedOrigins = [TestPlatforms.LmsOrigin, "https://m.lms.example.edu"] });
        var access = await _stack.LaunchAsync();

        Host.Configuration.UpdatePlatform("lms", p => p with { AllowedOrigins = ["https://m.lms.example.edu"] });

        var response = await ChatAsync(access);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("session_revoked", await ErrorCode(response));
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.RefreshAsync(access)).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_the_sessions_profile_from_the_platform_ends_it()
    {
        var claims = LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Host.Clock.GetUtcNow());
        claims["profile"] = "biology-101";
        var access = await Host.AccessTokenAsync(_stack.Platforms.Lms.Mint(claims));
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(access)).StatusCode);

        Host.Configuration.UpdatePlatform("lms", p => p with { Profiles = ["support"] });

        Assert.Equal(HttpStatusCode.Forbidden, (await ChatAsync(access)).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://lms.example.edu.evil.test")]
    [InlineData("null")]
    public async Task A_request_from_an_origin_other_than_the_sessions_is_403(string origin)
    {
        var access = await _stack.LaunchAsync();

        var response = await ChatAsync(access, origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("origin_mismatch", await ErrorCode(response));
    }

    [Fact]
    public async Task The_frame_on_Hosts_own_origin_may_use_the_session()
    {
        var access = await _stack.LaunchAsync();

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(access, HostFactory.HostOrigin)).StatusCode);
    }

    private static async Task AssertInvalidToken(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(new AuthenticationHeaderValue("Bearer", "error=\"invalid_token\""), response.Headers.WwwAuthenticate.Single());
        Assert.Equal("invalid_token", await ErrorCode(response));
    }

    private static async Task<string?> ErrorCode(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString();
}
