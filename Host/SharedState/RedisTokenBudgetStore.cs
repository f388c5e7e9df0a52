using System.Globalization;
using ChatWidget.Host.Budgets;
using StackExchange.Redis;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// Token budgets counted by every instance together. A session's charges are a sorted set (score: when, member: a random
/// id and the token count), read and pruned by one script; a platform's day is one counter (<c>INCRBY</c>) that expires
/// two days later. While Redis is unreachable this instance's own store counts instead, so chat goes on.
/// </summary>
public sealed class RedisTokenBudgetStore(SharedRedis redis, InMemoryTokenBudgetStore local) : ITokenBudgetStore
{
    private static readonly TimeSpan DayKeyLifetime = TimeSpan.FromDays(2);

    // KEYS[1]: the session's charges. ARGV: now (ms), window (ms), limit. Returns ms to wait, or -1 when under the limit.
    private const string RetryAfterScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local charges = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        local used = 0
        for i = 1, #charges, 2 do used = used + tonumber(string.match(charges[i], ':(%d+)$')) end
        if used < limit then return -1 end
        for i = 1, #charges, 2 do
          used = used - tonumber(string.match(charges[i], ':(%d+)$'))
          if used < limit then return tonumber(charges[i + 1]) + window - now end
        end
        return window
        """;

    // KEYS[1]: the session's charges, KEYS[2]: the platform's day. ARGV: now (ms), member, window (ms), tokens, day key lifetime (ms).
    private const string ChargeScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('INCRBY', KEYS[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return 1
        """;

    public ValueTask<TimeSpan?> SessionRetryAfterAsync(string sessionId, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken) =>
        redis.RunOrFallBackAsync(
            async db =>
            {
                var wait = (long)await db.ScriptEvaluateAsync(RetryAfterScript, [SessionKey(sessionId)],
                    [now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, limit]);
                return wait < 0 ? (TimeSpan?)null : TimeSpan.FromMilliseconds(wait);
            },
            () => local.SessionRetryAfterAsync(sessionId, limit, window, now, cancellationToken));

    public ValueTask<long> PlatformUsedAsync(string platformId, DateOnly day, CancellationToken cancellationToken) =>
        redis.RunOrFallBackAsync(
            async db => (long)await db.StringGetAsync(PlatformDayKey(platformId, day)),
            () => local.PlatformUsedAsync(platformId, day, cancellationToken));

    public async ValueTask ChargeAsync(string sessionId, string platformId, long tokens, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        if (tokens <= 0) return;
        var member = $"{Guid.NewGuid():N}:{tokens.ToString(CultureInfo.InvariantCulture)}";
        await redis.RunOrFallBackAsync(
            db => db.ScriptEvaluateAsync(ChargeScript,
                [SessionKey(sessionId), PlatformDayKey(platformId, DateOnly.FromDateTime(now.UtcDateTime))],
                [now.ToUnixTimeMilliseconds(), member, (long)window.TotalMilliseconds, tokens, (long)DayKeyLifetime.TotalMilliseconds]),
            async () =>
            {
                await local.ChargeAsync(sessionId, platformId, tokens, now, window, cancellationToken);
                return RedisResult.Create(1);
            });
    }

    public RedisKey SessionKey(string sessionId) => redis.KeyPrefix + "budget:" + InMemoryTokenBudgetStore.SessionKey(sessionId);

    public RedisKey PlatformDayKey(string platformId, DateOnly day) => redis.KeyPrefix + "budget:" + InMemoryTokenBudgetStore.PlatformDayKey(platformId, day);
}
