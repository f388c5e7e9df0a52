namespace ChatWidget.Host.Llm;

/// <summary>
/// Closes an upstream response the moment the caller's token is cancelled, whatever the client library
/// is doing with it. Betalgo checks the token only after each stream line arrives, so a learner who stops
/// an answer while the model is still thinking would otherwise keep the upstream request (and its token
/// bill) running until the next line; closing the response aborts the connection at once.
/// </summary>
internal sealed class UpstreamCancellationHandler : DelegatingHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = base.Send(request, cancellationToken);
        CloseOnCallerCancellation(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        CloseOnCallerCancellation(response);
        return response;
    }

    // The registration lives as long as the caller's token source (one chat request); disposing a
    // response that was already read to the end and disposed is a no-op.
    private static void CloseOnCallerCancellation(HttpResponseMessage response)
    {
        if (UpstreamCall.Current?.CallerToken is { CanBeCanceled: true } callerToken)
            callerToken.UnsafeRegister(static state => ((HttpResponseMessage)state!).Dispose(), response);
    }
}
