namespace ChatWidget.Host.RateLimits;

/// <summary>
/// Per-platform overrides (<c>ChatWidget:RateLimits:Platforms:&lt;id&gt;</c>); a setting left out keeps the global value.
/// Team sessions use the platform id <c>team</c>.
/// </summary>
public sealed class PlatformRateLimits
{
    public TokenBucketSettings? TokenPerPlatform { get; set; }
    public TokenBucketSettings? ChatPerSession { get; set; }
    public TokenBucketSettings? ChatPerLearner { get; set; }
    public TokenBucketSettings? ChatPerPlatform { get; set; }
    public int? StreamsPerSession { get; set; }
}
