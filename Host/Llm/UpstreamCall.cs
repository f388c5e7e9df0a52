namespace ChatWidget.Host.Llm;

/// <summary>
/// The chat call in progress on this execution context, shared between
/// <see cref="UpstreamFailureNormalizingChatClient"/> and the upstream HttpClient's handlers, which
/// the client libraries give no other way to reach.
/// </summary>
/// <remarks>
/// Set <see cref="Current"/> right before each call into a library: AsyncLocal values flow into callees,
/// and because this is a mutable object, what a handler writes is visible to the caller afterwards.
/// </remarks>
internal sealed class UpstreamCall(CancellationToken callerToken)
{
    private static readonly AsyncLocal<UpstreamCall?> CurrentCall = new();

    public static UpstreamCall? Current
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }

    /// <summary>
    /// The token of whoever asked for the answer. Handlers cannot rely on the token HttpClient passes
    /// them: it is linked to a source HttpClient disposes as soon as the response headers are in.
    /// </summary>
    public CancellationToken CallerToken { get; } = callerToken;

    /// <summary>Status of the last upstream response, once headers arrived.</summary>
    public int? Status { get; set; }

    /// <summary>The upstream's <c>Retry-After</c> on the last response.</summary>
    public TimeSpan? RetryAfter { get; set; }
}
