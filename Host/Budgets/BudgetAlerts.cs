using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Budgets;

/// <summary>
/// A session's or a platform's token budget crossing <see cref="CostBudgetOptions.AlertPercent"/>: one warning and one
/// count of <c>chatwidget.budget.alerts</c> per crossing (a session once per window it fills, a platform once per UTC day),
/// found by looking where the budget stood just before and just after a turn was charged.
/// </summary>
public sealed partial class BudgetAlerts(
    ITokenBudgetStore store,
    IOptionsMonitor<CostBudgetOptions> options,
    ChatWidgetMetrics metrics,
    ILogger<BudgetAlerts> logger)
{
    /// <summary>Where the session and its platform stand against the alert thresholds; null when alerts are off.</summary>
    public async ValueTask<BudgetStanding?> StandingAsync(ChatSession session, DateTimeOffset now)
    {
        if (Query(session, now) is not { } query) return null;
        return await store.StandingAsync(query, CancellationToken.None);
    }

    /// <summary>Warns about the thresholds the charge just crossed.</summary>
    public async ValueTask CheckAsync(ChatSession session, BudgetStanding? before, DateTimeOffset now)
    {
        if (before is null || Query(session, now) is not { } query) return;
        var after = await store.StandingAsync(query, CancellationToken.None);
        var percent = options.CurrentValue.AlertPercent;
        if (query.SessionLimit > 0 && before.SessionRetryAfter is null && after.SessionRetryAfter is not null)
        {
            LogSessionCrossed(logger, session.PlatformId, session.ProfileId, percent);
            metrics.BudgetAlert("session");
        }

        if (query.DailyLimit > 0 && before.PlatformUsed < query.DailyLimit && after.PlatformUsed >= query.DailyLimit)
        {
            LogPlatformCrossed(logger, session.PlatformId, percent);
            metrics.BudgetAlert("platform");
        }
    }

    /// <summary>The budget query with each limit lowered to its alert threshold.</summary>
    private BudgetQuery? Query(ChatSession session, DateTimeOffset now)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || o.AlertPercent <= 0) return null;
        return new BudgetQuery(session.SessionId, Threshold(o.SessionTokens, o.AlertPercent), TimeSpan.FromMinutes(o.SessionWindowMinutes),
            session.PlatformId, Threshold(o.PlatformDailyTokensFor(session.PlatformId), o.AlertPercent), now);
    }

    private static long Threshold(long limit, int percent) => limit <= 0 ? 0 : Math.Max(1, (long)Math.Ceiling(limit * (percent / 100d)));

    // The session id is left out on purpose: an operator's alert needs the platform and profile, not a learner's session.
    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A session of platform {PlatformId} (profile {ProfileId}) has used {Percent}% of its token budget")]
    private static partial void LogSessionCrossed(ILogger logger, string platformId, string profileId, int percent);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Platform {PlatformId} has used {Percent}% of its daily token budget")]
    private static partial void LogPlatformCrossed(ILogger logger, string platformId, int percent);
}
