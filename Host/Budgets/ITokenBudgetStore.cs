namespace ChatWidget.Host.Budgets;

/// <summary>
/// Where token use is counted: per session over a sliding window, per platform per UTC day. In this process
/// (<see cref="InMemoryTokenBudgetStore"/>) or shared by every instance (<see cref="SharedState.RedisTokenBudgetStore"/>).
/// Keys are session ids and platform ids only, never anything about a learner.
/// </summary>
public interface ITokenBudgetStore
{
    /// <summary>How long until the session has used less than <paramref name="limit"/> tokens within the window; null if it has now.</summary>
    ValueTask<TimeSpan?> SessionRetryAfterAsync(string sessionId, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Tokens all sessions of the platform used on the UTC day.</summary>
    ValueTask<long> PlatformUsedAsync(string platformId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Counts a turn's tokens against the session's window and the platform's day.</summary>
    ValueTask ChargeAsync(string sessionId, string platformId, long tokens, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);
}
