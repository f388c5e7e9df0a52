using System.Threading.RateLimiting;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Hardening;

/// <summary>
/// The partitioned limiters behind <see cref="RateLimitOptions"/>: one chained limiter the middleware applies to every
/// request (streams and buckets per session, learner, platform, client IP), and the per-platform bucket of the token
/// endpoint, which can only be checked once the form has been read.
/// </summary>
public sealed class RequestRateLimiters : IDisposable
{
    // Platform ids are at most 64 characters; longer "ids" are junk and share one bucket rather than making new ones.
    private const int MaxPlatformKeyLength = 64;

    private readonly PartitionedRateLimiter<string> _tokenPerPlatform;

    public RequestRateLimiters(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        // Order matters: a chained limiter gives back nothing it took from earlier buckets when a later one refuses,
        // so the concurrency limit (which costs nothing to refuse) goes first and the widest bucket last.
        Global = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitedRequest.IsChat(http) && RateLimitedRequest.SessionId(http) is { } sid
                    ? RateLimitPartition.GetConcurrencyLimiter("streams|" + sid, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = o.StreamsPerSessionFor(RateLimitedRequest.Platform(http), RateLimitedRequest.Profile(http)),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")),
            ChatBucket(http => RateLimitedRequest.SessionId(http),
                http => o.ChatPerSessionFor(RateLimitedRequest.Platform(http), RateLimitedRequest.Profile(http)), "session|"),
            ChatBucket(http => RateLimitedRequest.Claim(http, AccessTokenClaims.LearnerHash),
                http => o.ChatPerLearnerFor(RateLimitedRequest.Platform(http)), "learner|"),
            ChatBucket(http => RateLimitedRequest.Claim(http, AccessTokenClaims.Platform),
                http => o.ChatPerPlatformFor(RateLimitedRequest.Platform(http)), "platform|"),
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitedRequest.IsToken(http) ? RateLimitPartition.GetTokenBucketLimiter("token-ip|" + RateLimitedRequest.ClientAddress(http), _ => Bucket(o.TokenPerIp))
                : RateLimitedRequest.IsChat(http) ? RateLimitPartition.GetTokenBucketLimiter("chat-ip|" + RateLimitedRequest.ClientAddress(http), _ => Bucket(o.ChatPerIp))
                : RateLimitPartition.GetNoLimiter("")));

        _tokenPerPlatform = PartitionedRateLimiter.Create<string, string>(platform =>
            RateLimitPartition.GetTokenBucketLimiter(platform, key => Bucket(o.TokenPerPlatformFor(key))));
    }

    /// <summary>The limiter of the rate-limiting middleware.</summary>
    public PartitionedRateLimiter<HttpContext> Global { get; }

    /// <summary>Takes one token request from the platform's bucket; dispose the lease.</summary>
    public RateLimitLease AcquireTokenRequest(string? platform)
    {
        var key = string.IsNullOrEmpty(platform) ? "" : platform.Length > MaxPlatformKeyLength ? "(junk)" : platform;
        return _tokenPerPlatform.AttemptAcquire(key);
    }

    public void Dispose()
    {
        Global.Dispose();
        _tokenPerPlatform.Dispose();
    }

    private static PartitionedRateLimiter<HttpContext> ChatBucket(Func<HttpContext, string?> key, Func<HttpContext, TokenBucketSettings> settings, string prefix) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitedRequest.IsChat(http) && key(http) is { } value
                ? RateLimitPartition.GetTokenBucketLimiter(prefix + value, _ => Bucket(settings(http)))
                : RateLimitPartition.GetNoLimiter(""));

    /// <summary>A per-minute rate as a bucket refilled every second, or one token at a time for slow rates.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.Burst,
        QueueLimit = 0,
        ReplenishmentPeriod = settings.PerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / settings.PerMinute),
        TokensPerPeriod = settings.PerMinute >= 60 ? settings.PerMinute / 60 : 1,
        AutoReplenishment = false,
    };
}
