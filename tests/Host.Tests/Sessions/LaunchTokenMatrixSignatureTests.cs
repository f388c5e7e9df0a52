using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>Launch tokens against the platform's verification keys: which algorithms and keys verify, and that a signature no key made is refused (issue 2's matrix).</summary>
public sealed class LaunchTokenMatrixSignatureTests : LaunchTokenMatrix
{
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
}
