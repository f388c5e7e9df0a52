namespace ChatWidget.Host.Tests.Fakes;

/// <summary>How <see cref="FakeOpenAiUpstream"/> answers the next requests. Tests set it before calling.</summary>
public sealed class FakeUpstreamScenario
{
    /// <summary>The answer, one content delta per chunk when streaming, concatenated when not.</summary>
    public IReadOnlyList<string> Chunks { get; set; } = ["Hello", ", ", "world", "!"];

    /// <summary>Pause between streamed chunks.</summary>
    public TimeSpan ChunkInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Pause before the response headers are sent (a slow upstream that has not answered at all).</summary>
    public TimeSpan DelayBeforeHeaders { get; set; } = TimeSpan.Zero;

    /// <summary>Pause after the headers and before the first token (a slow first token); for a non-streamed answer,
    /// before its body (an upstream that stalls after its headers).</summary>
    public TimeSpan DelayBeforeFirstToken { get; set; } = TimeSpan.Zero;

    /// <summary>When set, answer this status with an OpenAI error body instead of a completion.</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>Sent as <c>Retry-After</c> (seconds) with <see cref="FailWithStatus"/>.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>When set, the stream breaks after this many content chunks.</summary>
    public int? BreakAfterChunks { get; set; }

    /// <summary>How the stream breaks when <see cref="BreakAfterChunks"/> is set.</summary>
    public MidStreamBreak Break { get; set; } = MidStreamBreak.ErrorEvent;

    public int PromptTokens { get; set; } = 11;

    public int CompletionTokens { get; set; } = 7;
}
