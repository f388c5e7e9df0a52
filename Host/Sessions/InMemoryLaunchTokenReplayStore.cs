using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Single-instance replay store. Entries live until the token's expiry plus clock skew, then are swept.
/// When full of unexpired entries it refuses new tokens (fails closed) rather than forgetting ids early.
/// </summary>
public sealed class InMemoryLaunchTokenReplayStore(TimeProvider time, IOptions<SessionOptions> options, ILogger<InMemoryLaunchTokenReplayStore> logger)
    : ILaunchTokenReplayStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private long _nextSweepTicks;

    // Kept alongside the dictionary: ConcurrentDictionary.Count takes every one of its locks, which made each
    // launch wait for all the others (measured: tests/Benchmarks, token path). Under a race the capacity check
    // may let a few more ids in than the capacity; it never forgets one.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ValueTask<bool> TryConsumeAsync(string platformId, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now);
        if (Count >= options.Value.ReplayCacheCapacity)
        {
            Sweep(now);
            if (Count >= options.Value.ReplayCacheCapacity)
            {
                logger.LogError("Launch-token replay store is full ({Capacity} unexpired ids); refusing launches", options.Value.ReplayCacheCapacity);
                return ValueTask.FromResult(false);
            }
        }

        var forgetAt = expiresAt + options.Value.LaunchTokenClockSkew;
        var key = Key(platformId, tokenId);
        while (true)
        {
            if (_seen.TryAdd(key, forgetAt))
            {
                Interlocked.Increment(ref _count);
                return ValueTask.FromResult(true);
            }
            if (!_seen.TryGetValue(key, out var existing)) continue;
            // An entry past its forget time is stale: the sweep just has not run yet.
            if (existing > now) return ValueTask.FromResult(false);
            if (_seen.TryUpdate(key, forgetAt, existing)) return ValueTask.FromResult(true);
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddSeconds(30).UtcTicks, due) != due) return;
        Sweep(now);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, forgetAt) in _seen)
        {
            if (forgetAt <= now && _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, forgetAt)))
                Interlocked.Decrement(ref _count);
        }
    }

    // Hashing bounds the memory per entry whatever the jti length, and keeps ids out of heap dumps' plain text.
    private static string Key(string platformId, string tokenId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{platformId}\n{tokenId}")));
}
