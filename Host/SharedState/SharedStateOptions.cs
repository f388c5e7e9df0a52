using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// How the shared state lives in Redis (<c>ChatWidget:SharedState</c>); Redis itself is switched on by
/// <c>ConnectionStrings:Redis</c>. Validated at start.
/// </summary>
public sealed class SharedStateOptions
{
    public const string SectionName = "ChatWidget:SharedState";

    /// <summary>Every key and channel starts with this, so that two deployments can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9:_.-]{1,64}$", ErrorMessage = "ChatWidget:SharedState:KeyPrefix must be 1 to 64 letters, digits or : _ . -")]
    public string KeyPrefix { get; set; } = "chatwidget:";

    /// <summary>
    /// How long an open stream counts against its session's open-streams limit at most. A stream normally gives its place
    /// back when it ends; this bounds what an instance that crashed mid-stream leaves behind.
    /// </summary>
    [Range(10, 24 * 3600, ErrorMessage = "ChatWidget:SharedState:StreamLeaseSeconds must be between 10 and 86400.")]
    public int StreamLeaseSeconds { get; set; } = 600;

    /// <summary>How long a launch waits after Redis answered nothing before it is told to retry (the Retry-After of its 503).</summary>
    [Range(1, 300, ErrorMessage = "ChatWidget:SharedState:RetryAfterSeconds must be between 1 and 300.")]
    public int RetryAfterSeconds { get; set; } = 5;
}
