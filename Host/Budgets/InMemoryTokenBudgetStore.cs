namespace ChatWidget.Host.Budgets;

/// <summary>
/// Token use in this process's memory, keyed by session id (<c>session:&lt;id&gt;</c>, a sliding window of charges) and by
/// platform id and UTC day (<c>platform:&lt;id&gt;:&lt;yyyy-MM-dd&gt;</c>). Never by learner; nothing is persisted. Charges
/// older than the window and past days are dropped as time goes on.
/// </summary>
public sealed class InMemoryTokenBudgetStore : ITokenBudgetStore
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<(DateTimeOffset At, long Tokens)>> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _platformDays = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPruned = DateTimeOffset.MinValue;

    public static string SessionKey(string sessionId) => "session:" + sessionId;

    public static string PlatformDayKey(string platformId, DateOnly day) => $"platform:{platformId}:{day:yyyy-MM-dd}";

    /// <summary>Every key held now (for tests and diagnostics).</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_gate) return [.. _sessions.Keys, .. _platformDays.Keys];
        }
    }

    public ValueTask<BudgetStanding> StandingAsync(BudgetQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BudgetStanding(
            query.SessionLimit > 0 ? SessionRetryAfter(query.SessionId, query.SessionLimit, query.Window, query.Now) : null,
            query.DailyLimit > 0 ? PlatformUsed(query.PlatformId, query.Day) : 0));

    public ValueTask ChargeAsync(string sessionId, string platformId, long tokens, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        Charge(sessionId, platformId, tokens, now, window);
        return ValueTask.CompletedTask;
    }

    public TimeSpan? SessionRetryAfter(string sessionId, long limit, TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(SessionKey(sessionId), out var charges)) return null;
            Expire(charges, now - window);
            var used = charges.Sum(c => c.Tokens);
            if (used < limit) return null;
            // The oldest charges leave the window first: wait until enough of them have.
            foreach (var (at, tokens) in charges)
            {
                used -= tokens;
                if (used < limit) return at + window - now;
            }

            return window;
        }
    }

    public long PlatformUsed(string platformId, DateOnly day)
    {
        lock (_gate) return _platformDays.GetValueOrDefault(PlatformDayKey(platformId, day));
    }

    public void Charge(string sessionId, string platformId, long tokens, DateTimeOffset now, TimeSpan window)
    {
        if (tokens <= 0) return;
        lock (_gate)
        {
            var key = SessionKey(sessionId);
            if (!_sessions.TryGetValue(key, out var charges)) _sessions[key] = charges = new Queue<(DateTimeOffset, long)>();
            charges.Enqueue((now, tokens));
            var day = PlatformDayKey(platformId, DateOnly.FromDateTime(now.UtcDateTime));
            _platformDays[day] = _platformDays.GetValueOrDefault(day) + tokens;
            if (now - _lastPruned >= PruneEvery) Prune(now, window);
        }
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        _lastPruned = now;
        foreach (var (key, charges) in _sessions)
        {
            Expire(charges, now - window);
            if (charges.Count == 0) _sessions.Remove(key);
        }

        var today = $":{DateOnly.FromDateTime(now.UtcDateTime):yyyy-MM-dd}";
        foreach (var key in _platformDays.Keys)
        {
            if (!key.EndsWith(today, StringComparison.Ordinal)) _platformDays.Remove(key);
        }
    }

    private static void Expire(Queue<(DateTimeOffset At, long Tokens)> charges, DateTimeOffset before)
    {
        while (charges.TryPeek(out var oldest) && oldest.At <= before) charges.Dequeue();
    }
}
