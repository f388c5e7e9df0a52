namespace ChatWidget.Host.Llm;

public enum UpstreamFailure
{
    /// <summary>Could not reach the upstream, it timed out, or it answered 5xx.</summary>
    Unavailable,
    /// <summary>The upstream answered 429.</summary>
    RateLimited,
    /// <summary>The upstream answered, but with an error or something unreadable.</summary>
    BadResponse,
}

/// <summary>
/// An upstream model call failed. The message is safe to log: it never carries prompt text, answer text or keys.
/// </summary>
public sealed class UpstreamException(UpstreamFailure failure, string message, int? upstreamStatus = null, Exception? inner = null)
    : Exception(message, inner)
{
    public UpstreamFailure Failure { get; } = failure;

    public int? UpstreamStatus { get; } = upstreamStatus;

    /// <summary>The upstream's <c>Retry-After</c>, when it sent one with a 429 or 503.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
