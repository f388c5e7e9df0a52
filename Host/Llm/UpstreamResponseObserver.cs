using System.Net.Http.Headers;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Notes the status and <c>Retry-After</c> of upstream responses on the <see cref="UpstreamCall"/> in
/// progress. Betalgo turns an error response into an <see cref="InvalidOperationException"/> that carries
/// neither the status code nor the headers, so without this a 429 could not be told from a 500.
/// </summary>
internal sealed class UpstreamResponseObserver : DelegatingHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Betalgo's streaming path uses the synchronous Send.
        var response = base.Send(request, cancellationToken);
        Record(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Record(response);
        return response;
    }

    private static void Record(HttpResponseMessage response)
    {
        if (UpstreamCall.Current is not { } call)
            return;
        call.Status = (int)response.StatusCode;
        call.RetryAfter = RetryAfterOf(response.Headers.RetryAfter);
    }

    internal static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
