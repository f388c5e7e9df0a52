using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// A partner platform of the benchmark: its registration (written to Host's seed file) and its private key,
/// with which it mints launch tokens the way a real platform's server would.
/// </summary>
public sealed class BenchPlatform
{
    public const string Audience = "chatwidget";
    public const string EmbeddingOrigin = "https://lms.bench.example";

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _signing;
    private long _learner;

    private BenchPlatform(string id, string algorithm, SigningCredentials signing, object registration)
    {
        Id = id;
        Algorithm = algorithm;
        _signing = signing;
        Registration = registration;
    }

    public string Id { get; }

    public string Algorithm { get; }

    public string Issuer => $"https://{Id}.bench.example";

    /// <summary>The platform's entry in Host's seed file (contract §6).</summary>
    public object Registration { get; }

    public static BenchPlatform Es256(string id, IReadOnlyList<string> profiles)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256);
        return new BenchPlatform(id, "ES256", signing, Register(id, profiles, "ES256", publicKeyPem: key.ExportSubjectPublicKeyInfoPem()));
    }

    public static BenchPlatform Hs256(string id, IReadOnlyList<string> profiles)
    {
        // Host keys HMAC with the secret's UTF-8 bytes, as platforms configure it: a long random string.
        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var signing = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);
        return new BenchPlatform(id, "HS256", signing, Register(id, profiles, "HS256", sharedSecret: secret));
    }

    /// <summary>A fresh launch token (new learner, new jti) for <paramref name="profile"/>, valid for five minutes.</summary>
    public string MintLaunchToken(string profile)
    {
        var now = DateTimeOffset.UtcNow;
        return Tokens.CreateToken(new SecurityTokenDescriptor
        {
            SigningCredentials = _signing,
            Claims = new Dictionary<string, object>
            {
                ["iss"] = Issuer,
                ["aud"] = Audience,
                ["sub"] = $"learner-{Interlocked.Increment(ref _learner)}",
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["profile"] = profile,
            },
        });
    }

    private static object Register(string id, IReadOnlyList<string> profiles, string algorithm, string? publicKeyPem = null, string? sharedSecret = null) => new
    {
        id,
        issuer = $"https://{id}.bench.example",
        audience = Audience,
        algorithms = new[] { algorithm },
        publicKeyPem,
        sharedSecret,
        allowedOrigins = new[] { EmbeddingOrigin },
        profiles,
        defaultProfile = profiles[0],
        enabled = true,
    };
}
