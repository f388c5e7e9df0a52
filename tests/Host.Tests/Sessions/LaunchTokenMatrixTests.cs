using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>
/// Every way a launch token can be wrong (issue 2's matrix). Each is refused with the generic
/// <c>invalid_grant</c> body, and the precise reason reaches the server log.
/// </summary>
public sealed class LaunchTokenMatrixTests : IDisposable
{
    private readonly TestPlatforms _platforms = new();
    private readonly HostFactory _host;

    public LaunchTokenMatrixTests() => _host = new HostFactory(_platforms.Snapshot());

    public void Dispose() => _host.Dispose();

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    private JsonObject LmsClaims(TimeSpan? lifetime = null) => LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Now, lifetime);

    [Fact]
    public async Task A_valid_launch_token_is_exchanged_for_a_bearer_access_token()
    {
        var response = await _host.ExchangeAsync(_platforms.Lms.Mint(LmsClaims()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", body.GetProperty("issued_token_type").GetString());
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(3, body.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public async Task Alg_none_in_any_case_is_refused(string alg)
    {
        var token = LaunchTokenMinter.Raw($$"""{"alg":"{{alg}}","typ":"JWT"}""", LmsClaims().ToJsonString());

        await AssertRefused(token, LaunchTokenFailure.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task HS256_signed_with_the_platforms_RSA_public_key_is_refused()
    {
        var publicPem = Encoding.UTF8.GetBytes(_platforms.RsaKey1.ExportSubjectPublicKeyInfoPem());
        var token = LaunchTokenMinter.Hs256(publicPem, "k1").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        await AssertRefused(token, LaunchTokenFailure.AlgorithmNotAllowed, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task HS256_signed_with_the_RSA_public_key_is_refused_even_where_the_platform_also_allows_HS256()
    {
        _host.Configuration.UpdatePlatform("rsa", p => p with { Algorithms = ["RS256", "HS256"] });
        var publicPem = Encoding.UTF8.GetBytes(_platforms.RsaKey1.ExportSubjectPublicKeyInfoPem());
        var token = LaunchTokenMinter.Hs256(publicPem, "k1").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        // The RSA key verifies RS256 only; there is no HS256 key with kid k1 to try.
        await AssertRefused(token, LaunchTokenFailure.UnknownKey, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task An_algorithm_the_platform_is_not_registered_with_is_refused()
    {
        var token = LaunchTokenMinter.Es256(_platforms.LmsKey, "k1").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        await AssertRefused(token, LaunchTokenFailure.AlgorithmNotAllowed, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task A_token_without_kid_is_refused_when_the_platform_has_several_keys()
    {
        var token = LaunchTokenMinter.Rs256(_platforms.RsaKey1).Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        await AssertRefused(token, LaunchTokenFailure.KeyIdRequired, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task A_token_with_an_unknown_kid_is_refused()
    {
        var token = LaunchTokenMinter.Rs256(_platforms.RsaKey1, "k9").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        await AssertRefused(token, LaunchTokenFailure.UnknownKey, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task The_second_RSA_key_verifies_tokens_that_name_it()
    {
        var token = LaunchTokenMinter.Rs256(_platforms.RsaKey2, "k2").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        var response = await _host.ExchangeAsync(token, "rsa", "https://rsa.example.edu");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_naming_one_key_but_signed_with_another_of_the_platform_is_refused()
    {
        var token = LaunchTokenMinter.Rs256(_platforms.RsaKey2, "k1").Mint(LaunchTokenMinter.Claims("https://rsa.example.edu", Now));

        await AssertRefused(token, LaunchTokenFailure.BadSignature, "rsa", "https://rsa.example.edu");
    }

    [Fact]
    public async Task An_HS256_token_with_the_shared_secret_is_accepted_and_one_with_another_secret_is_refused()
    {
        var claims = LaunchTokenMinter.Claims("https://hs.example.edu", Now);
        Assert.Equal(HttpStatusCode.OK, (await _host.ExchangeAsync(_platforms.Hs.Mint(claims), "hs", "https://hs.example.edu")).StatusCode);

        var forged = LaunchTokenMinter.Hs256(RandomNumberGenerator.GetBytes(32)).Mint(LaunchTokenMinter.Claims("https://hs.example.edu", Now));
        await AssertRefused(forged, LaunchTokenFailure.BadSignature, "hs", "https://hs.example.edu");
    }

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var parts = _platforms.Lms.Mint(LmsClaims()).Split('.');
        var claims = LmsClaims();
        claims["sub"] = "someone-else";
        var tampered = $"{parts[0]}.{LaunchTokenMinter.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        await AssertRefused(tampered, LaunchTokenFailure.BadSignature);
    }

    [Fact]
    public async Task A_truncated_signature_is_refused()
    {
        var token = _platforms.Lms.Mint(LmsClaims());

        await AssertRefused(token[..^10], LaunchTokenFailure.BadSignature);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("..")]
    [InlineData("not a token at all")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln")]
    public async Task Malformed_tokens_are_refused(string token) => await AssertRefused(token, LaunchTokenFailure.Malformed);

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

    [Fact]
    public async Task A_token_over_the_size_limit_is_refused_before_parsing()
    {
        var claims = LmsClaims();
        claims["padding"] = new string('x', 9000);

        await AssertRefused(_platforms.Lms.Mint(claims), LaunchTokenFailure.TooLarge);
    }

    [Fact]
    public async Task Key_pointing_headers_are_never_followed()
    {
        // An attacker's own key, embedded or linked in the header, must not be used for verification.
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = attackerKey.ExportParameters(false);
        var token = LaunchTokenMinter.Es256(attackerKey).Mint(LmsClaims(), header =>
        {
            header["jku"] = "http://127.0.0.1:1/jwks.json";
            header["x5u"] = "http://127.0.0.1:1/cert.pem";
            header["jwk"] = new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256",
                ["x"] = LaunchTokenMinter.Base64Url(p.Q.X!), ["y"] = LaunchTokenMinter.Base64Url(p.Q.Y!),
            };
        });

        await AssertRefused(token, LaunchTokenFailure.BadSignature);
    }

    [Theory]
    [InlineData("[\"exp\"]")]
    [InlineData("[\"urn:example:unknown-extension\"]")]
    [InlineData("[]")]
    [InlineData("\"exp\"")]
    public async Task A_crit_header_is_refused_whatever_it_lists_because_Host_understands_no_extension(string crit)
    {
        // RFC 7515 §4.1.11: a recipient must refuse a JWS whose crit lists an extension it does not understand; an empty or
        // malformed crit is invalid in itself. The token is otherwise valid and correctly signed.
        var token = _platforms.Lms.Mint(LmsClaims(), header => header["crit"] = JsonNode.Parse(crit));

        await AssertRefused(token, LaunchTokenFailure.UnsupportedCriticalHeader);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("payload")]
    public async Task A_header_or_claim_set_with_a_duplicate_member_is_refused_as_malformed(string part)
    {
        // {"alg":"ES256","alg":"none"} or two "sub": a verifier must not pick one of them (RFC 7515 §4, RFC 7519 §4).
        var token = _platforms.Lms.Mint(LmsClaims());
        var parts = token.Split('.');
        var index = part == "header" ? 0 : 1;
        var json = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[index]));
        var duplicated = json.TrimEnd('}') + (part == "header" ? ",\"alg\":\"none\"}" : ",\"sub\":\"someone-else\"}");
        parts[index] = LaunchTokenMinter.Base64Url(Encoding.UTF8.GetBytes(duplicated));

        await AssertRefused(string.Join('.', parts), LaunchTokenFailure.Malformed);
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

    private async Task AssertRefused(string token, LaunchTokenFailure? failure = null, string platform = "lms",
        string origin = TestPlatforms.LmsOrigin, string? reason = null)
    {
        var response = await _host.ExchangeAsync(token, platform, origin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(TokenError.InvalidGrant.Description, body.GetProperty("error_description").GetString());
        var expected = reason ?? $"launch token {failure}";
        Assert.Contains(_host.Logs.Lines, line => line.Contains($"refused: {expected}"));
        Assert.DoesNotContain(_host.Logs.Lines, line => line.Contains(token));
    }
}
