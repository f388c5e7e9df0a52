using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>Launch tokens whose claims are wrong: issuer, audience, lifetime and clock skew, required claims; and the profile claim that chooses the profile (issue 2's matrix).</summary>
public sealed class LaunchTokenMatrixClaimTests : LaunchTokenMatrix
{
    [Fact]
    public async Task A_wrong_issuer_is_refused()
    {
        var claims = LmsClaims();
        claims["iss"] = "https://lms.example.edu.evil.test";

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.WrongIssuer);
    }

    [Fact]
    public async Task A_missing_audience_is_refused()
    {
        var claims = LmsClaims();
        claims.Remove("aud");

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.WrongAudience);
    }

    [Fact]
    public async Task A_foreign_audience_is_refused_alone_or_beside_ours()
    {
        var foreign = LmsClaims();
        foreign["aud"] = "another-service";
        await AssertRefused(_platforms.Lms.Mint(foreign), LaunchTokenFailure.WrongAudience);

        var both = LmsClaims();
        both["aud"] = new JsonArray("chatwidget", "another-service");
        await AssertRefused(_platforms.Lms.Mint(both), LaunchTokenFailure.WrongAudience);
    }

    [Fact]
    public async Task An_audience_array_with_only_ours_is_accepted()
    {
        var claims = LmsClaims();
        claims["aud"] = new JsonArray("chatwidget");

        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(_platforms.Lms.Mint(claims))).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var claims = LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Now - TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.Expired);
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var claims = LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Now - TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(120));

        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(_platforms.Lms.Mint(claims))).StatusCode);
    }

    [Fact]
    public async Task Nbf_in_the_future_is_refused()
    {
        var claims = LmsClaims();
        claims["nbf"] = (Now + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds();

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.NotYetValid);
    }

    [Fact]
    public async Task Iat_in_the_future_is_refused()
    {
        var claims = LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Now + TimeSpan.FromMinutes(2));

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.IssuedInFuture);
    }

    [Fact]
    public async Task A_lifetime_over_the_platforms_maximum_is_refused()
    {
        await AssertRefused(_platforms.Lms.Mint(LmsClaims(TimeSpan.FromSeconds(301))), LaunchTokenFailure.LifetimeTooLong);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("jti")]
    [InlineData("sub")]
    public async Task A_missing_required_claim_is_refused(string claim)
    {
        var claims = LmsClaims();
        claims.Remove(claim);

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.MissingClaim);
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("-5")]
    public async Task A_non_numeric_exp_is_refused(string exp)
    {
        var claims = LmsClaims();
        claims["exp"] = JsonNode.Parse(exp);

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.InvalidClaim);
    }

    [Fact]
    public async Task The_profile_claim_chooses_an_allowed_profile_and_falls_back_to_the_default_otherwise()
    {
        Assert.Equal("biology-101", await ProfileOf(c => c["profile"] = "biology-101"));
        Assert.Equal("support", await ProfileOf(c => c["profile"] = "not-allowed-here"));
        Assert.Equal("support", await ProfileOf(_ => { }));
    }

    private async Task<string> ProfileOf(Action<JsonObject> edit)
    {
        var claims = LmsClaims();
        edit(claims);
        var accessToken = await _host.AccessTokenAsync(_platforms.Lms.Mint(claims));
        var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(accessToken.Split('.')[1]));
        return payload.RootElement.GetProperty("profile").GetString()!;
    }
}
