using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Upstreams;

/// <summary>
/// How Host treats slow and failing model upstreams, bound from <c>ChatWidget:Upstream</c> and validated at start.
/// Everything here happens before the answer's first byte reaches the learner, except the idle and body timeouts.
/// </summary>
public sealed class UpstreamResilienceOptions
{
    public const string SectionName = "ChatWidget:Upstream";

    /// <summary>Longest wait for an upstream's response headers, per attempt. A non-streamed answer's headers come
    /// only when the whole answer is ready, so keep it above the slowest full answer.</summary>
    [Range(1, 600, ErrorMessage = "ChatWidget:Upstream:HeadersTimeoutSeconds must be between 1 and 600.")]
    public int HeadersTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest silence of a streaming upstream: before its first token, and between two chunks.</summary>
    [Range(1, 600, ErrorMessage = "ChatWidget:Upstream:IdleTimeoutSeconds must be between 1 and 600.")]
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest time an upstream may take to send its whole response body once its headers arrived, streamed or
    /// not: an upstream that sends headers and then stalls fails as unavailable when it passes. A non-streamed answer is
    /// all body time after its headers, so keep it above the slowest full answer (and a stream's longest answer).</summary>
    [Range(1, 3600, ErrorMessage = "ChatWidget:Upstream:BodyTimeoutSeconds must be between 1 and 3600.")]
    public int BodyTimeoutSeconds { get; set; } = 300;

    /// <summary>Retries of a call that failed before any response (connection refused or reset, header timeout) or that
    /// was answered 408, 429 or 5xx. Never once the answer has started.</summary>
    [Range(0, 5, ErrorMessage = "ChatWidget:Upstream:MaxRetries must be between 0 and 5.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; doubled each time, with jitter.</summary>
    [Range(1, 10_000, ErrorMessage = "ChatWidget:Upstream:RetryDelayMilliseconds must be between 1 and 10000.")]
    public int RetryDelayMilliseconds { get; set; } = 250;

    /// <summary>A 429 or 503 whose Retry-After asks for longer than this is not retried (the learner would wait too long);
    /// the next model of the fallback chain is tried instead.</summary>
    [Range(0, 60, ErrorMessage = "ChatWidget:Upstream:MaxRetryAfterSeconds must be between 0 and 60.")]
    public int MaxRetryAfterSeconds { get; set; } = 2;

    /// <summary>Share of failed calls to one upstream (scheme, host and port) within the sampling window that opens its circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "ChatWidget:Upstream:CircuitFailureRatio must be between 0.01 and 1.")]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open.</summary>
    [Range(2, 10_000, ErrorMessage = "ChatWidget:Upstream:CircuitMinimumThroughput must be between 2 and 10000.")]
    public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(1, 3600, ErrorMessage = "ChatWidget:Upstream:CircuitSamplingSeconds must be between 1 and 3600.")]
    public int CircuitSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses calls (they fail at once, so the fallback chain answers) before one trial call.</summary>
    [Range(1, 3600, ErrorMessage = "ChatWidget:Upstream:CircuitBreakSeconds must be between 1 and 3600.")]
    public int CircuitBreakSeconds { get; set; } = 15;

    /// <summary>When every model of a profile's chain failed before its first token, answer with the built-in offline
    /// responder (from the profile's knowledge entries) instead of an error.</summary>
    public bool OfflineFallback { get; set; }
}
