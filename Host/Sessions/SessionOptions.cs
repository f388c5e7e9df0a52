using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Sessions;

/// <summary>Settings under <c>ChatWidget:Sessions</c>: how launch tokens are checked and access tokens issued.</summary>
public sealed class SessionOptions
{
    public const string Section = "ChatWidget:Sessions";

    /// <summary>Issuer (<c>iss</c>) of Host's own access tokens.</summary>
    [Required]
    public string Issuer { get; set; } = "chatwidget";

    /// <summary>Audience (<c>aud</c>) of Host's own access tokens. Must differ from any platform's launch-token audience.</summary>
    [Required]
    public string Audience { get; set; } = "chatwidget-api";

    /// <summary>Lifetime of an access token in seconds. The contract caps it at 15 minutes.</summary>
    [Range(30, 900)]
    public int AccessTokenLifetimeSeconds { get; set; } = 900;

    /// <summary>How long after the launch a session may keep refreshing its access token, in seconds (default 8 h).</summary>
    [Range(60, 7 * 24 * 3600)]
    public int SessionLifetimeSeconds { get; set; } = 8 * 3600;

    /// <summary>Clock skew tolerated on launch tokens' <c>iat</c>, <c>nbf</c> and <c>exp</c>, in seconds (at most 60).</summary>
    [Range(0, 60)]
    public int LaunchTokenClockSkewSeconds { get; set; } = 60;

    /// <summary>Clock skew tolerated on Host's own access tokens, in seconds.</summary>
    [Range(0, 60)]
    public int AccessTokenClockSkewSeconds { get; set; } = 5;

    /// <summary>Largest launch or access token accepted, in bytes; larger ones are refused before parsing.</summary>
    [Range(512, 65536)]
    public int MaxTokenBytes { get; set; } = 8192;

    /// <summary>Largest number of unexpired launch-token ids remembered for replay protection.</summary>
    [Range(1000, 100_000_000)]
    public int ReplayCacheCapacity { get; set; } = 1_000_000;

    /// <summary>How long a fetched JWKS is trusted before it is fetched again, in seconds.</summary>
    [Range(60, 86400)]
    public int JwksCacheSeconds { get; set; } = 600;

    /// <summary>Least time between two fetches of one JWKS caused by an unknown <c>kid</c>, in seconds.</summary>
    [Range(1, 3600)]
    public int JwksRefetchIntervalSeconds { get; set; } = 60;

    public TimeSpan AccessTokenLifetime => TimeSpan.FromSeconds(AccessTokenLifetimeSeconds);
    public TimeSpan SessionLifetime => TimeSpan.FromSeconds(SessionLifetimeSeconds);
    public TimeSpan LaunchTokenClockSkew => TimeSpan.FromSeconds(LaunchTokenClockSkewSeconds);
}
