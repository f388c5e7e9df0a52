namespace ChatWidget.Host.Budgets;

/// <summary>What a turn is checked against: the session's sliding window and the platform's UTC day (a limit of 0 is off).</summary>
public sealed record BudgetQuery(string SessionId, long SessionLimit, TimeSpan Window, string PlatformId, long DailyLimit, DateTimeOffset Now)
{
    public DateOnly Day => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>
/// Where a session and its platform stand: how long until the session is under its limit again (null when it is now,
/// or has no limit) and what the platform used today (0 when it has no daily limit).
/// </summary>
public sealed record BudgetStanding(TimeSpan? SessionRetryAfter, long PlatformUsed);
