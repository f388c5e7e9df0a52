namespace ChatWidget.Host.Chat;

/// <summary>
/// How one chat turn ended, in one place: what the request log line and the budgets read, and what any other
/// observer of a turn (metrics, traces) should read. Carries no conversation content.
/// </summary>
public sealed record ChatTurnResult
{
    /// <summary><c>completed</c>, <c>rejected</c>, <c>upstream_failed</c> or <c>client_cancelled</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The HTTP status answered (499, nginx's "client closed request", when nobody was left to answer).</summary>
    public int Status { get; init; }

    public bool Streamed { get; init; }

    /// <summary>The model that answered, or the last one tried; null when the turn never reached a model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Set when a fallback model answered instead of the profile's own.</summary>
    public string? FallbackModelId { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    /// <summary>How many of the oldest messages trimming dropped.</summary>
    public int DroppedMessages { get; init; }

    /// <summary>A model was called: the turn's tokens count against the budgets.</summary>
    public bool Charged { get; init; }

    /// <summary>From the request's arrival to the first chunk (or the whole answer) written to the client; null when none was.</summary>
    public TimeSpan? FirstToken { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>OpenAI's finish_reason of the answer; null when there was none.</summary>
    public string? FinishReason { get; init; }

    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public const string UpstreamFailed = "upstream_failed";
    public const string ClientCancelled = "client_cancelled";
}
