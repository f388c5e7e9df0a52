namespace ChatWidget.Admin.Configuration;

/// <summary>A partner platform allowed to launch learner sessions with tokens it signs.</summary>
/// <param name="Algorithms">JWS algorithms accepted from this platform: RS256, ES256, HS256.</param>
/// <param name="Keys">Active verification keys; several during a rotation, told apart by kid.</param>
/// <param name="JwksUrl">Where the platform publishes its public keys, if it does.</param>
/// <param name="AllowedOrigins">Page origins (scheme://host[:port]) that may embed the widget.</param>
/// <param name="Profiles">Profile ids a launch may ask for.</param>
/// <param name="MaxLaunchTokenLifetimeSeconds">Largest allowed exp - iat.</param>
/// <param name="Generation">Bumped whenever the platform is disabled or its keys change, ending live sessions.</param>
public sealed record PlatformSettings(
    string Id,
    string Issuer,
    string Audience,
    IReadOnlyList<string> Algorithms,
    IReadOnlyList<PlatformKey> Keys,
    Uri? JwksUrl,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> Profiles,
    string DefaultProfile,
    int MaxLaunchTokenLifetimeSeconds,
    bool Enabled,
    long Generation)
{
    public const string DefaultAudience = "chatwidget";
    public const int DefaultMaxLaunchTokenLifetimeSeconds = 300;

    /// <summary>Set when the platform also launches ChatWidget as an LTI 1.3 tool (contract §8).</summary>
    public LtiRegistration? Lti { get; init; }

    public override string ToString() => $"Platform {Id} ({Issuer})";
}

/// <summary>One verification key of a platform: a PEM public key (RS256/ES256) or a shared secret (HS256).</summary>
public sealed record PlatformKey(string? Kid, string? PublicKeyPem, string? SharedSecret)
{
    // The shared secret must never reach a log through a record's generated ToString.
    public override string ToString() => $"PlatformKey {Kid ?? "(no kid)"}";
}
