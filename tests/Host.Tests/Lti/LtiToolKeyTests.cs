using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>The LTI tool's own keys at <c>/lti/jwks</c> (issue 11 item 5): RSA, rotatable like the access-token key.</summary>
public sealed class LtiToolKeyTests : IDisposable
{
    private readonly HostFactory _host = new(new TestPlatforms().Snapshot());

    public void Dispose() => _host.Dispose();

    private async Task<List<JsonElement>> JwksAsync()
    {
        var response = await _host.CreateClient().GetAsync("/lti/jwks");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray().ToList();
    }

    [Fact]
    public async Task The_jwks_publishes_one_public_rsa_signing_key_and_nothing_private()
    {
        var key = Assert.Single(await JwksAsync());

        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        Assert.Equal(256, Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()).Length);
        foreach (var privateMember in new[] { "d", "p", "q", "dp", "dq", "qi" }) Assert.False(key.TryGetProperty(privateMember, out _));

        // It is a usable key: an RSA verifier can be built from it.
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()),
            Exponent = Base64UrlEncoder.DecodeBytes(key.GetProperty("e").GetString()),
        });
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task A_rotation_publishes_the_new_key_at_once_keeps_the_old_one_and_leaves_access_token_keys_alone()
    {
        var ring = _host.Services.GetRequiredService<HostKeyRing>();
        var oldKid = Assert.Single(await JwksAsync()).GetProperty("kid").GetString();
        var accessKid = ring.CurrentKeyId;

        var rotated = await ring.RotateLtiAsync(CancellationToken.None);

        Assert.Equal(_host.Clock.GetUtcNow() + HostKeyRing.ActivationDelay, rotated.SignsFrom);
        var kids = (await JwksAsync()).Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Equal([rotated.KeyId, oldKid], kids);
        Assert.Equal(accessKid, ring.CurrentKeyId);
        Assert.DoesNotContain(ring.ValidationKeys, k => k.KeyId == rotated.KeyId);
    }

    [Fact]
    public async Task The_private_tool_keys_are_encrypted_at_rest()
    {
        var kid = Assert.Single(await JwksAsync()).GetProperty("kid").GetString()!;

        var text = await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "host-keys.json"));

        Assert.DoesNotContain(kid, text);
        Assert.DoesNotContain("LtiKeys", text);
    }
}
