using System.Threading.RateLimiting;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// The rate limits counted by every instance together: the same buckets as <see cref="RequestRateLimiters"/> (see
/// <see cref="RequestBuckets"/>), kept in Redis and taken in one atomic script per request. While Redis is unreachable
/// this instance's own limiters count instead, so that chat goes on; client addresses reach Redis only as keyed hashes.
/// </summary>
public sealed class RedisRequestRateLimiters : IRequestRateLimiters
{
    private readonly SharedRedis _redis;
    private readonly RequestRateLimiters _local;
    private readonly LearnerHasher _hasher;
    private readonly RateLimitOptions _options;
    private readonly TimeSpan _streamLease;

    public RedisRequestRateLimiters(SharedRedis redis, RequestRateLimiters local, LearnerHasher hasher,
        IOptions<RateLimitOptions> options, IOptions<SharedStateOptions> sharedState)
    {
        _redis = redis;
        _local = local;
        _hasher = hasher;
        _options = options.Value;
        _streamLease = TimeSpan.FromSeconds(sharedState.Value.StreamLeaseSeconds);
        Global = new SharedLimiter(this);
    }

    public PartitionedRateLimiter<HttpContext> Global { get; }

    public async ValueTask<RateLimitLease> AcquireTokenRequestAsync(string? platform, CancellationToken cancellationToken)
    {
        var bucket = RequestBuckets.ForTokenPlatform(RequestRateLimiters.PlatformKey(platform), _options);
        return await TakeAsync([bucket], null, () => _local.AcquireTokenRequestAsync(platform, cancellationToken));
    }

    /// <summary>The shared lease; while Redis is unreachable, <paramref name="fallback"/> (this instance's limiters).</summary>
    private ValueTask<RateLimitLease> TakeAsync(IReadOnlyList<RequestBucket> buckets, StreamLimit? streams, Func<ValueTask<RateLimitLease>> fallback)
    {
        var keyed = buckets.Select(b => (Key(b), b.Settings)).ToList();
        var member = streams is null ? null : Guid.NewGuid().ToString("N");
        RedisKey streamsKey = streams is null ? default : _redis.KeyPrefix + "streams:" + streams.SessionId;
        return _redis.RunOrFallBackAsync<RateLimitLease>(
            async db =>
            {
                var (taken, retryAfter) = await RedisRateLimitScript.TakeAsync(db, keyed,
                    streams is null ? null : (streamsKey, streams.Permits, member!, _streamLease));
                return taken ? new SharedLease(_redis, member is null ? null : (streamsKey, member)) : new RefusedLease(retryAfter);
            },
            fallback);
    }

    private RedisKey Key(RequestBucket bucket)
    {
        var key = bucket.Kind is RequestBuckets.ChatAddress or RequestBuckets.TokenAddress ? _hasher.HashClientAddress(bucket.Key) : bucket.Key;
        return _redis.KeyPrefix + "rl:" + bucket.Kind + ":" + key;
    }

    /// <summary>
    /// The middleware's limiter. It tries <see cref="RateLimiter.AttemptAcquire"/> first and, refused, awaits
    /// <see cref="RateLimiter.AcquireAsync"/>: a limited request is "refused" by the synchronous attempt so that Redis is
    /// only ever asked asynchronously.
    /// </summary>
    private sealed class SharedLimiter(RedisRequestRateLimiters limiters) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            RequestBuckets.For(resource, limiters._options).IsLimited ? FixedLease.AskAsynchronously : FixedLease.NotLimited;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        {
            var plan = RequestBuckets.For(resource, limiters._options);
            if (!plan.IsLimited) return FixedLease.NotLimited;
            return await limiters.TakeAsync(plan.Buckets, plan.Streams,
                () => limiters._local.Global.AcquireAsync(resource, permitCount, cancellationToken));
        }
    }

    /// <summary>Taken from every bucket; gives the stream place back when the request ends.</summary>
    private sealed class SharedLease(SharedRedis redis, (RedisKey Key, string Member)? stream) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (stream is not { } s || Interlocked.Exchange(ref _disposed, 1) == 1) return;
            // Fire and forget: the response is done; if Redis is down now, the lease's expiry gives the place back.
            redis.FireAndForget(db => db.SortedSetRemoveAsync(s.Key, s.Member, CommandFlags.FireAndForget));
        }
    }

    private sealed class RefusedLease(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }

    /// <summary>A lease without metadata or anything to give back; shared, so disposing it does nothing.</summary>
    private sealed class FixedLease(bool acquired) : RateLimitLease
    {
        /// <summary>No limit applies to the request.</summary>
        public static readonly FixedLease NotLimited = new(true);

        /// <summary>The synchronous attempt's answer for a limited request: ask again asynchronously.</summary>
        public static readonly FixedLease AskAsynchronously = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
