using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>Launch tokens against the wrong platform: another platform's key, a disabled or unknown platform, an origin the platform does not allow (issue 2's matrix).</summary>
public sealed class LaunchTokenMatrixPlatformTests : LaunchTokenMatrix
{
    [Fact]
    public async Task Platform_As_key_with_platform_Bs_issuer_is_refused()
    {
        var claimingOther = LaunchTokenMinter.Claims(TestPlatforms.OtherOrigin, Now);
        await AssertRefused(_platforms.Lms.Mint(claimingOther), LaunchTokenFailure.BadSignature, "other", TestPlatforms.OtherOrigin);

        // And the other way round: B's own key cannot launch on A either.
        await AssertRefused(_platforms.Other.Mint(LmsClaims()), LaunchTokenFailure.BadSignature);
    }

    [Fact]
    public async Task A_disabled_platform_launches_nothing()
    {
        _host.Configuration.UpdatePlatform("lms", p => p with { Enabled = false });

        await AssertRefused(_platforms.Lms.Mint(LmsClaims()), reason: "platform disabled");
    }

    [Fact]
    public async Task An_unknown_platform_launches_nothing()
    {
        await AssertRefused(_platforms.Lms.Mint(LmsClaims()), reason: "unknown platform", platform: "nope");
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://lms.example.edu.evil.test")]
    [InlineData("http://lms.example.edu")]
    [InlineData("https://lms.example.edu:8443")]
    public async Task An_origin_the_platform_does_not_allow_is_forbidden(string origin)
    {
        var response = await _host.ExchangeAsync(_platforms.Lms.Mint(LmsClaims()), origin: origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_origin_claim_that_differs_from_the_embedding_origin_is_refused()
    {
        _host.Configuration.UpdatePlatform("lms", p => p with { AllowedOrigins = [TestPlatforms.LmsOrigin, "https://m.lms.example.edu"] });
        var claims = LmsClaims();
        claims["origin"] = "https://m.lms.example.edu";

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.OriginClaimMismatch);
    }
}
