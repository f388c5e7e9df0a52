namespace ChatWidget.Benchmarks.Load;

/// <summary>What an event-stream frame carries, as far as the load generator cares.</summary>
public enum SseFrameKind
{
    /// <summary>A chunk with a non-empty content delta: a token reached the client.</summary>
    Content,

    /// <summary>Any other chunk: the role, the finish reason, usage.</summary>
    Other,

    /// <summary>An error event (the stream failed after it started).</summary>
    Error,

    /// <summary><c>data: [DONE]</c>: the stream ended complete.</summary>
    Done,
}
