using System.Security.Cryptography;
using System.Text;
using ChatWidget.Admin.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// A partner platform of the benchmark, seen from both sides: its registration with Host (as a seed-file entry for
/// a Host process, as <see cref="PlatformSettings"/> for Host's code in process) and the signing key only the
/// platform holds, with which it mints launch tokens the way a .NET platform's server would.
/// </summary>
public sealed class BenchPlatform
{
    public const string Audience = "chatwidget";
    public const string EmbeddingOrigin = "https://lms.bench.example";

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _signing;
    private long _learner;

    private BenchPlatform(string id, string algorithm, SigningCredentials signing, IReadOnlyList<string> profiles, PlatformKey key)
    {
        Id = id;
        Algorithm = algorithm;
        _signing = signing;
        Settings = new PlatformSettings(id, Issuer, Audience, [algorithm], [key], null, [EmbeddingOrigin], profiles, profiles[0],
            PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, true, 1);
    }

    public string Id { get; }

    public string Algorithm { get; }

    public string Issuer => $"https://{Id}.bench.example";

    /// <summary>The registration as Host's code holds it.</summary>
    public PlatformSettings Settings { get; }

    /// <summary>The platform's entry in Host's seed file (contract §6).</summary>
    public object Registration => new
    {
        id = Id,
        issuer = Issuer,
        audience = Audience,
        algorithms = new[] { Algorithm },
        publicKeyPem = Settings.Keys[0].PublicKeyPem,
        sharedSecret = Settings.Keys[0].SharedSecret,
        allowedOrigins = Settings.AllowedOrigins,
        profiles = Settings.Profiles,
        defaultProfile = Settings.DefaultProfile,
        enabled = true,
    };

    public static BenchPlatform Es256(string id, IReadOnlyList<string> profiles)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256);
        return new BenchPlatform(id, "ES256", signing, profiles, new PlatformKey(null, key.ExportSubjectPublicKeyInfoPem(), null));
    }

    public static BenchPlatform Hs256(string id, IReadOnlyList<string> profiles)
    {
        // Host keys HMAC with the secret's UTF-8 bytes, as platforms configure it: a long random string.
        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var signing = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);
        return new BenchPlatform(id, "HS256", signing, profiles, new PlatformKey(null, null, secret));
    }

    /// <summary>A fresh launch token (new learner, new jti) for <paramref name="profile"/>, valid for five minutes.</summary>
    public string MintLaunchToken(string? profile = null)
    {
        var now = DateTimeOffset.UtcNow;
        var descriptor = new SecurityTokenDescriptor
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
            },
        };
        if (profile is not null) descriptor.Claims["profile"] = profile;
        return Tokens.CreateToken(descriptor);
    }

}
