using System.Globalization;
using ChatWidget.Host.SharedState;
using StackExchange.Redis;

namespace ChatWidget.Host.Budgets;

/// <summary>
/// Token budgets counted by every instance together. A session's charges are a sorted set (score: when, member: a random
/// id and the token count); a platform's day is one counter (<c>INCRBY</c>) that expires two days later. Checking a turn
/// is one script (one round trip) over both, and so is charging it. While Redis is unreachable this instance's own store counts instead, so chat goes on.
/// </summary>
public sealed class RedisTokenBudgetStore(SharedRedis redis, InMemoryTokenBudgetStore local) : ITokenBudgetStore
{
    private static readonly TimeSpan DayKeyLifetime = TimeSpan.FromDays(2);

    // KEYS[1]: the session's charges, KEYS[2]: the platform's day. ARGV: now (ms), window (ms), session limit, daily limit
    // (0 = off). Returns { ms until the session is under its limit, or -1; tokens the platform used today }.
    private const string StandingScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        local wait = -1
        if limit > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
          local charges = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
          local used = 0
          for i = 1, #charges, 2 do used = used + tonumber(string.match(charges[i], ':(%d+)$')) end
          if used >= limit then
            wait = window
            for i = 1, #charges, 2 do
              used = used - tonumber(string.match(charges[i], ':(%d+)$'))
              if used < limit then
                wait = tonumber(charges[i + 1]) + window - now
                break
              end
            end
          end
        end
        local platform = 0
        if tonumber(ARGV[4]) > 0 then platform = tonumber(redis.call('GET', KEYS[2]) or '0') end
        return { wait, platform }
        """;

    // KEYS[1]: the session's charges, KEYS[2]: the platform's day. ARGV: now (ms), member, window (ms), tokens, day key lifetime (ms).
    private const string ChargeScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('INCRBY', KEYS[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return 1
        """;

    public ValueTask<BudgetStanding> StandingAsync(BudgetQuery query, CancellationToken cancellationToken) =>
        redis.RunOrFallBackAsync(
            async db =>
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(StandingScript,
                    [SessionKey(query.SessionId), PlatformDayKey(query.PlatformId, query.Day)],
                    [query.Now.ToUnixTimeMilliseconds(), (long)query.Window.TotalMilliseconds, query.SessionLimit, query.DailyLimit]))!;
                var wait = (long)result[0];
                return new BudgetStanding(wait < 0 ? null : TimeSpan.FromMilliseconds(wait), (long)result[1]);
            },
            () => local.StandingAsync(query, cancellationToken));

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
