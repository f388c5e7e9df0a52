using StackExchange.Redis;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// One Lua script, one round trip per request: every token bucket of the request and its session's open-streams count
/// are checked and taken together, all or nothing, on Redis's own clock (so instances' clocks need not agree). A refused
/// request takes nothing from any bucket, unlike a chain of separate limiters.
/// </summary>
internal static class RedisRateLimitScript
{
    // KEYS: the n buckets, then (when ARGV[2] > 0) the session's open-streams sorted set.
    // ARGV: n, stream limit (0 = none), stream lease member, stream lease ms, then per bucket: burst, tokens per period, period ms.
    // Returns { 1, 0 } when taken, { 0, ms to wait } when refused.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local n = tonumber(ARGV[1])
        local streamLimit = tonumber(ARGV[2])
        if streamLimit > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[n + 1], '-inf', now)
          if redis.call('ZCARD', KEYS[n + 1]) >= streamLimit then return { 0, 1000 } end
        end
        local wait = 0
        local tokens = {}
        local stamps = {}
        for i = 1, n do
          local burst = tonumber(ARGV[2 + i * 3])
          local per = tonumber(ARGV[3 + i * 3])
          local period = tonumber(ARGV[4 + i * 3])
          local state = redis.call('HMGET', KEYS[i], 'tokens', 'stamp')
          local left = tonumber(state[1])
          local stamp = tonumber(state[2])
          if left == nil or stamp == nil then
            left = burst
            stamp = now
          end
          local periods = math.floor((now - stamp) / period)
          if periods > 0 then
            left = math.min(burst, left + periods * per)
            stamp = stamp + periods * period
          end
          if left >= burst then stamp = now end
          if left < 1 then wait = math.max(wait, period - (now - stamp)) end
          tokens[i] = left
          stamps[i] = stamp
        end
        if wait > 0 then return { 0, wait } end
        for i = 1, n do
          local burst = tonumber(ARGV[2 + i * 3])
          local per = tonumber(ARGV[3 + i * 3])
          local period = tonumber(ARGV[4 + i * 3])
          redis.call('HSET', KEYS[i], 'tokens', tokens[i] - 1, 'stamp', stamps[i])
          redis.call('PEXPIRE', KEYS[i], (math.ceil(burst / per) + 1) * period)
        end
        if streamLimit > 0 then
          local lease = tonumber(ARGV[4])
          redis.call('ZADD', KEYS[n + 1], now + lease, ARGV[3])
          redis.call('PEXPIRE', KEYS[n + 1], lease)
        end
        return { 1, 0 }
        """;

    /// <summary>Takes one request from every bucket (and a stream place under <paramref name="streamMember"/>), or nothing.</summary>
    public static async Task<(bool Taken, TimeSpan RetryAfter)> TakeAsync(IDatabase database, IReadOnlyList<(RedisKey Key, TokenBucketSettings Settings)> buckets,
        (RedisKey Key, int Permits, string Member, TimeSpan Lease)? streams)
    {
        var keys = new RedisKey[buckets.Count + (streams is null ? 0 : 1)];
        var values = new RedisValue[4 + buckets.Count * 3];
        values[0] = buckets.Count;
        values[1] = streams?.Permits ?? 0;
        values[2] = streams?.Member ?? "";
        values[3] = (long)(streams?.Lease.TotalMilliseconds ?? 0);
        for (var i = 0; i < buckets.Count; i++)
        {
            var (key, settings) = buckets[i];
            keys[i] = key;
            values[4 + i * 3] = settings.Burst;
            values[5 + i * 3] = RequestRateLimiters.TokensPerPeriod(settings);
            values[6 + i * 3] = (long)RequestRateLimiters.ReplenishmentPeriod(settings).TotalMilliseconds;
        }

        if (streams is { } s) keys[^1] = s.Key;
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Script, keys, values))!;
        return ((long)result[0] == 1, TimeSpan.FromMilliseconds((long)result[1]));
    }
}
