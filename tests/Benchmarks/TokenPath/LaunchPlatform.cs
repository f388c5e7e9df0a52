using System.Security.Cryptography;
using System.Text;
using ChatWidget.Admin.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// A partner platform seen from both sides: the registration Host checks launch tokens against, and the signing
/// key only the platform holds. Tokens are minted with Microsoft.IdentityModel, as a .NET platform would.
/// </summary>
public sealed class LaunchPlatform
{
    public const string Origin = "https://lms.example.edu";
    public const string Profile = "support";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;

    private LaunchPlatform(string id, string algorithm, PlatformKey registeredKey, SigningCredentials credentials)
    {
        _credentials = credentials;
        Settings = new PlatformSettings(id, $"https://{id}.example.edu", PlatformSettings.DefaultAudience, [algorithm], [registeredKey],
            null, [Origin], [Profile], Profile, PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, true, 1);
    }

    public PlatformSettings Settings { get; }

    public static LaunchPlatform Es256()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new LaunchPlatform("es256-lms", SecurityAlgorithms.EcdsaSha256, new PlatformKey(null, key.ExportSubjectPublicKeyInfoPem(), null),
            new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256));
    }

    public static LaunchPlatform Hs256()
    {
        // Host keys HMAC with the UTF-8 bytes of the registered secret string, so the platform must sign with the same bytes.
        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new LaunchPlatform("hs256-lms", SecurityAlgorithms.HmacSha256, new PlatformKey(null, null, secret),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256));
    }

    /// <summary>A launch token with the contract's required claims only (§2), valid from now and with a jti never used before.</summary>
    public string MintLaunchToken()
    {
        var now = DateTime.UtcNow;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.Issuer,
            Audience = Settings.Audience,
            IssuedAt = now,
            Expires = now + TokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = "learner-42",
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = _credentials,
        });
    }
}
