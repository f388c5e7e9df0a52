namespace ChatWidget.Host.RateLimits;

/// <summary>
/// Request rate limits of <c>POST /api/token</c> and <c>POST /v1/chat/completions</c>, bound from
/// <c>ChatWidget:RateLimits</c> and validated at start. A request must fit every bucket that applies to it.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "ChatWidget:RateLimits";

    /// <summary>Switches every limit off (for a deployment behind a gateway that limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Token requests per client IP address (launches, refreshes and team logins); generous because a school's
    /// learners share one address and open their pages at the same time.</summary>
    public TokenBucketSettings TokenPerIp { get; set; } = new() { Burst = 100, PerMinute = 300 };

    /// <summary>Token requests per platform, all its learners together (checked before the launch token is).</summary>
    public TokenBucketSettings TokenPerPlatform { get; set; } = new() { Burst = 1000, PerMinute = 6000 };

    /// <summary>Chat requests per session (one widget on one page).</summary>
    public TokenBucketSettings ChatPerSession { get; set; } = new() { Burst = 10, PerMinute = 20 };

    /// <summary>Chat requests per learner (keyed hash of the launch token's sub), across all their sessions.</summary>
    public TokenBucketSettings ChatPerLearner { get; set; } = new() { Burst = 20, PerMinute = 40 };

    /// <summary>Chat requests per client IP address; generous because a school's learners share one address.</summary>
    public TokenBucketSettings ChatPerIp { get; set; } = new() { Burst = 120, PerMinute = 600 };

    /// <summary>Chat requests per platform, all its learners together.</summary>
    public TokenBucketSettings ChatPerPlatform { get; set; } = new() { Burst = 2000, PerMinute = 12000 };

    /// <summary>Chat requests (streams) one session may have open at the same time.</summary>
    public int StreamsPerSession { get; set; } = 2;

    public Dictionary<string, PlatformRateLimits> Platforms { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, ProfileRateLimits> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TokenBucketSettings TokenPerPlatformFor(string platform) => Override(platform)?.TokenPerPlatform ?? TokenPerPlatform;

    public TokenBucketSettings ChatPerSessionFor(string platform, string profile) =>
        Profiles.GetValueOrDefault(profile)?.ChatPerSession ?? Override(platform)?.ChatPerSession ?? ChatPerSession;
    public TokenBucketSettings ChatPerLearnerFor(string platform) => Override(platform)?.ChatPerLearner ?? ChatPerLearner;
    public TokenBucketSettings ChatPerPlatformFor(string platform) => Override(platform)?.ChatPerPlatform ?? ChatPerPlatform;
    public int StreamsPerSessionFor(string platform, string profile) =>
        Profiles.GetValueOrDefault(profile)?.StreamsPerSession ?? Override(platform)?.StreamsPerSession ?? StreamsPerSession;

    private PlatformRateLimits? Override(string platform) => Platforms.GetValueOrDefault(platform);
}
