using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>Launch tokens whose shape is wrong before any key is tried: malformed, oversized, key-pointing or critical headers, duplicate members (issue 2's matrix).</summary>
public sealed class LaunchTokenMatrixFormatTests : LaunchTokenMatrix
{
    [Theory]
    [InlineData("a.b")]
    [InlineData("..")]
    [InlineData("not a token at all")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln")]
    public async Task Malformed_tokens_are_refused(string token) => await AssertRefused(token, LaunchTokenFailure.Malformed);

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
}
