namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>How much of a platform's daily token budget it has used today (UTC); a budget of 0 is unlimited.</summary>
public sealed record PlatformBudgetUse(string PlatformId, long DailyTokens, long UsedToday)
{
    /// <summary>Percent used, or null without a budget.</summary>
    public double? Percent => DailyTokens > 0 ? Math.Round(100d * UsedToday / DailyTokens, 1) : null;
}

/// <summary>
/// Today's standing of each platform's daily budget, read from where Host counts it (this process, or Redis for every
/// instance). Host implements it: the budgets are Host's settings and Admin cannot reference Host.
/// </summary>
public interface IPlatformBudgets
{
    Task<IReadOnlyList<PlatformBudgetUse>> TodayAsync(IEnumerable<string> platformIds, CancellationToken cancellationToken);
}
