using ChatWidget.Admin.Configuration.Usage;
using ChatWidget.Host.Budgets;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Dashboard;

/// <summary>The Usage page's budget view: each platform's daily budget (<see cref="CostBudgetOptions"/>) and what the budget store counted today.</summary>
public sealed class PlatformBudgets(ITokenBudgetStore store, IOptionsMonitor<CostBudgetOptions> options, TimeProvider time) : IPlatformBudgets
{
    public async Task<IReadOnlyList<PlatformBudgetUse>> TodayAsync(IEnumerable<string> platformIds, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var uses = new List<PlatformBudgetUse>();
        foreach (var platformId in platformIds)
        {
            var daily = o.Enabled ? o.PlatformDailyTokensFor(platformId) : 0;
            // No session is asked about (limit 0); the store reports the platform's day only when it has a limit.
            var standing = daily > 0
                ? await store.StandingAsync(new BudgetQuery("", 0, TimeSpan.FromMinutes(o.SessionWindowMinutes), platformId, daily, now), cancellationToken)
                : null;
            uses.Add(new PlatformBudgetUse(platformId, daily, standing?.PlatformUsed ?? 0));
        }

        return uses;
    }
}
