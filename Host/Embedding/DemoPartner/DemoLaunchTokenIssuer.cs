using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Embedding.DemoPartner;

/// <summary>
/// Signs launch tokens as the demo platform's server would: ES256 with the demo platform's private key,
/// issuer = the partner origin. Deliberately plain System.Security.Cryptography, to show how little a partner needs.
/// </summary>
public sealed class DemoLaunchTokenIssuer : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);

    private readonly ECDsa _key;
    private readonly string _issuer;
    private readonly TimeProvider _time;

    private DemoLaunchTokenIssuer(ECDsa key, string issuer, TimeProvider time)
    {
        _key = key;
        _issuer = issuer;
        _time = time;
    }

    /// <summary>Loads the demo key written by the demo seed; null when there is none (the database was not seeded with the demo).</summary>
    public static DemoLaunchTokenIssuer? Load(string privateKeyPath, string issuer, TimeProvider time)
    {
        if (!File.Exists(privateKeyPath)) return null;
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(privateKeyPath));
        return new DemoLaunchTokenIssuer(key, issuer, time);
    }

    public string Issue(string learnerId)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = DemoConfiguration.Algorithm, ["typ"] = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = _issuer,
            ["aud"] = PlatformSettings.DefaultAudience,
            ["sub"] = learnerId,
            ["iat"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            ["profile"] = DemoConfiguration.ProfileId,
        };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public void Dispose() => _key.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
