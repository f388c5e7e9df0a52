using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// The partitioned limiters of one process behind <see cref="RateLimitOptions"/>: one chained limiter the middleware
/// applies to every request (streams and buckets per session, learner, platform, client IP), and the per-platform bucket
/// of the token endpoint, which can only be checked once the form has been read. With Redis, the shared limiters fall
/// back to these while Redis is unreachable.
/// </summary>
public sealed class RequestRateLimiters : IRequestRateLimiters, IDisposable
{
    // Platform ids are at most 64 characters; longer "ids" are junk and share one bucket rather than making new ones.
    private const int MaxPlatformKeyLength = 64;

    private readonly PartitionedRateLimiter<string> _tokenPerPlatform;
    private readonly RateLimitOptions _options;

    public RequestRateLimiters(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        // Order matters: a chained limiter gives back nothing it took from earlier buckets when a later one refuses,
        // so the concurrency limit (which costs nothing to refuse) goes first and the widest bucket last.
        var token = new[] { RequestBuckets.TokenAddress };
        Global = PartitionedRateLimiter.CreateChained(
        [
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RequestBuckets.For(http, _options).Streams is { } streams
                    ? RateLimitPartition.GetConcurrencyLimiter("streams|" + streams.SessionId, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = streams.Permits,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")),
            .. RequestBuckets.ChatKinds.Concat(token).Select(BucketOfKind),
        ]);

        _tokenPerPlatform = PartitionedRateLimiter.Create<string, string>(platform =>
            RateLimitPartition.GetTokenBucketLimiter(platform, key => Bucket(RequestBuckets.ForTokenPlatform(key, _options).Settings)));
    }

    public PartitionedRateLimiter<HttpContext> Global { get; }

    public ValueTask<RateLimitLease> AcquireTokenRequestAsync(string? platform, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tokenPerPlatform.AttemptAcquire(PlatformKey(platform)));

    /// <summary>The bucket key of a caller-supplied platform id.</summary>
    public static string PlatformKey(string? platform) =>
        string.IsNullOrEmpty(platform) ? "" : platform.Length > MaxPlatformKeyLength ? "(junk)" : platform;

    public void Dispose()
    {
        Global.Dispose();
        _tokenPerPlatform.Dispose();
    }

    private PartitionedRateLimiter<HttpContext> BucketOfKind(string kind) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RequestBuckets.For(http, _options).Find(kind) is { } bucket
                ? RateLimitPartition.GetTokenBucketLimiter(kind + "|" + bucket.Key, _ => Bucket(bucket.Settings))
                : RateLimitPartition.GetNoLimiter(""));

    /// <summary>A per-minute rate as a bucket refilled every second, or one token at a time for slow rates.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.Burst,
        QueueLimit = 0,
        ReplenishmentPeriod = ReplenishmentPeriod(settings),
        TokensPerPeriod = TokensPerPeriod(settings),
        AutoReplenishment = false,
    };

    internal static TimeSpan ReplenishmentPeriod(TokenBucketSettings settings) =>
        settings.PerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / settings.PerMinute);

    internal static int TokensPerPeriod(TokenBucketSettings settings) => settings.PerMinute >= 60 ? settings.PerMinute / 60 : 1;
}
