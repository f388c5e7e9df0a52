using System.Security.Cryptography;
using System.Text;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Support;

/// <summary>
/// The partner platforms, profiles and keys the tests run against. Each platform has its own keys, and the
/// tests hold the private halves, as the real platforms would.
/// </summary>
public sealed class TestPlatforms
{
    public const string LmsOrigin = "https://lms.example.edu";
    public const string OtherOrigin = "https://other.example.org";
    public const string TeamPassword = "correct horse battery staple";

    public ECDsa LmsKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public ECDsa OtherKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public RSA RsaKey1 { get; } = RSA.Create(2048);
    public RSA RsaKey2 { get; } = RSA.Create(2048);
    public byte[] SharedSecret { get; } = Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public LaunchTokenMinter Lms => LaunchTokenMinter.Es256(LmsKey);
    public LaunchTokenMinter Other => LaunchTokenMinter.Es256(OtherKey);
    public LaunchTokenMinter Rsa1 => LaunchTokenMinter.Rs256(RsaKey1, "k1");
    public LaunchTokenMinter Hs => LaunchTokenMinter.Hs256(SharedSecret);

    public ConfigurationSnapshot Snapshot(Uri? jwksUrl = null, ECDsa? jwksKey = null)
    {
        var platforms = new Dictionary<string, PlatformSettings>
        {
            ["lms"] = Platform("lms", LmsOrigin, ["ES256"], [new PlatformKey(null, LmsKey.ExportSubjectPublicKeyInfoPem(), null)], ["support", "biology-101"]),
            ["other"] = Platform("other", OtherOrigin, ["ES256"], [new PlatformKey(null, OtherKey.ExportSubjectPublicKeyInfoPem(), null)], ["support"]),
            ["rsa"] = Platform("rsa", "https://rsa.example.edu", ["RS256"],
                [new PlatformKey("k1", RsaKey1.ExportSubjectPublicKeyInfoPem(), null), new PlatformKey("k2", RsaKey2.ExportSubjectPublicKeyInfoPem(), null)], ["support"]),
            ["hs"] = Platform("hs", "https://hs.example.edu", ["HS256"], [new PlatformKey(null, null, Encoding.UTF8.GetString(SharedSecret))], ["support"]),
        };
        if (jwksUrl is not null)
            platforms["jwks"] = Platform("jwks", "https://jwks.example.edu", ["ES256", "RS256"], [], ["support"]) with { JwksUrl = jwksUrl };

        var profiles = new Dictionary<string, ProfileSettings> { ["support"] = Profile("support"), ["biology-101"] = Profile("biology-101") };
        var models = new Dictionary<string, ModelSettings>
        {
            ["offline"] = new("offline", ModelProviders.Offline, null, null, "offline", 128_000, true),
        };
        var team = new TeamAccessSettings(true, TeamPasswordHasher.Hash(TeamPassword), "support", 1);
        return new ConfigurationSnapshot(models, profiles, platforms, team, 1);
    }

    public static ProfileSettings Profile(string id) => new(id, $"Assistant {id}", $"You are the {id} assistant.", "offline", 0.3f, 256,
        "Hi!", ["What is due?"], ProfileTheme.Default, "en", "Answers may be wrong.", InputLimits.Default,
        [new KnowledgeEntry("When is the essay due?", "The essay is due on Friday.")]);

    private static PlatformSettings Platform(string id, string origin, string[] algorithms, PlatformKey[] keys, string[] profiles) =>
        new(id, origin, PlatformSettings.DefaultAudience, algorithms, keys, null, [origin], profiles, profiles[0],
            PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, true, 1);
}
