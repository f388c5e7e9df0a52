namespace ChatWidget.Host.Budgets;

/// <summary>
/// Where token use is counted: per session over a sliding window, per platform per UTC day. In this process
/// (<see cref="InMemoryTokenBudgetStore"/>) or shared by every instance (<see cref="SharedState.RedisTokenBudgetStore"/>).
/// Keys are session ids and platform ids only, never anything about a learner.
/// </summary>
public interface ITokenBudgetStore
{
    /// <summary>Where the session and its platform stand, in one look (one round trip with Redis).</summary>
    ValueTask<BudgetStanding> StandingAsync(BudgetQuery query, CancellationToken cancellationToken);

    /// <summary>Counts a turn's tokens against the session's window and the platform's day.</summary>
    ValueTask ChargeAsync(string sessionId, string platformId, long tokens, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);
}
