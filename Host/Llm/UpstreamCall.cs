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
internal sealed class UpstreamCall(CancellationToken callerToken) : IDisposable
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

    // The caller's token, plus the bound on the response's body once its headers are in.
    private readonly CancellationTokenSource _bound = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    private bool _bodyBounded;

    /// <summary>The token the library is given: cancelled when the caller's is, or when the body bound passes.</summary>
    public CancellationToken Token => _bound.Token;

    /// <summary>Status of the last upstream response, once headers arrived.</summary>
    public int? Status { get; set; }

    /// <summary>The upstream's <c>Retry-After</c> on the last response.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Ends the call if the response's body has not ended <paramref name="bound"/> from now (a retried attempt starts it anew).</summary>
    public void BoundBody(TimeSpan bound)
    {
        _bodyBounded = true;
        _bound.CancelAfter(bound);
    }

    /// <summary>The call was ended by its body bound (<c>ChatWidget:Upstream:BodyTimeoutSeconds</c>), not by the caller.</summary>
    public bool BodyTimedOut => _bodyBounded && _bound.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    public void Dispose() => _bound.Dispose();
}
