using System.Net;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>A launch token's jti is single use, and only a token that was accepted uses it up (issue 2's matrix).</summary>
public sealed class LaunchTokenMatrixReplayTests : LaunchTokenMatrix
{
    [Fact]
    public async Task A_replayed_jti_is_refused()
    {
        var token = _platforms.Lms.Mint(LmsClaims());
        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(token)).StatusCode);

        await AssertRefused(token, LaunchTokenFailure.Replayed);
    }

    [Fact]
    public async Task A_jti_is_single_use_even_in_a_freshly_signed_token()
    {
        var claims = LmsClaims();
        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(_platforms.Lms.Mint(claims))).StatusCode);
        claims["sub"] = "another-learner";

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.Replayed);
    }

    [Fact]
    public async Task An_invalid_token_does_not_use_up_its_jti()
    {
        var claims = LmsClaims();
        claims["aud"] = "wrong";
        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.WrongAudience);

        claims["aud"] = "chatwidget";
        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(_platforms.Lms.Mint(claims))).StatusCode);
    }
}
