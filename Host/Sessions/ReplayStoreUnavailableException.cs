namespace ChatWidget.Host.Sessions;

/// <summary>
/// The replay store cannot say whether a launch token was used before. The launch then fails closed (503, retry after
/// <see cref="RetryAfter"/>): accepting it could let the token be replayed.
/// </summary>
public sealed class ReplayStoreUnavailableException(TimeSpan retryAfter, Exception inner)
    : Exception("The launch-token replay store is unreachable.", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
