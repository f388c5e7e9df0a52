namespace ChatWidget.Host.RateLimits;

/// <summary>
/// Per-profile overrides of the session-scoped limits (<c>ChatWidget:RateLimits:Profiles:&lt;id&gt;</c>): a session has
/// one profile, so these apply without ambiguity. They win over the platform's overrides; a setting left out keeps
/// the platform's or the global value.
/// </summary>
public sealed class ProfileRateLimits
{
    public TokenBucketSettings? ChatPerSession { get; set; }
    public int? StreamsPerSession { get; set; }
}
