using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatWidget.Host.Tests.Support;

/// <summary>
/// Mints launch tokens the way a partner platform would, with its own JWS code built on the .NET crypto
/// primitives only, deliberately independent of the Microsoft.IdentityModel code Host uses. It can also
/// produce every malformed token the tests need (alg none, tampered parts, odd claim types).
/// </summary>
public sealed class LaunchTokenMinter
{
    private readonly Func<byte[], byte[]> _sign;

    private LaunchTokenMinter(string algorithm, string? kid, Func<byte[], byte[]> sign)
    {
        Algorithm = algorithm;
        Kid = kid;
        _sign = sign;
    }

    public string Algorithm { get; }

    public string? Kid { get; }

    public static LaunchTokenMinter Es256(ECDsa key, string? kid = null) =>
        new("ES256", kid, data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static LaunchTokenMinter Rs256(RSA key, string? kid = null) =>
        new("RS256", kid, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static LaunchTokenMinter Hs256(byte[] secret, string? kid = null) =>
        new("HS256", kid, data => HMACSHA256.HashData(secret, data));

    /// <summary>Standard claims for a platform, valid now for <paramref name="lifetime"/>.</summary>
    public static JsonObject Claims(string issuer, DateTimeOffset now, TimeSpan? lifetime = null, string audience = "chatwidget",
        string subject = "learner-42") => new()
    {
        ["iss"] = issuer,
        ["aud"] = audience,
        ["sub"] = subject,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(2))).ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString("N"),
    };

    public string Mint(JsonObject claims, Action<JsonObject>? editHeader = null)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT" };
        if (Kid is not null) header["kid"] = Kid;
        editHeader?.Invoke(header);
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        return $"{signingInput}.{Base64Url(_sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>A token with a header and payload of exactly the given JSON text, signed (or not) as asked.</summary>
    public static string Raw(string headerJson, string payloadJson, Func<byte[], byte[]>? sign = null)
    {
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url(Encoding.UTF8.GetBytes(payloadJson))}";
        return $"{signingInput}.{(sign is null ? "" : Base64Url(sign(Encoding.ASCII.GetBytes(signingInput))))}";
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Encode(JsonNode node) => Base64Url(Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions())));
}
