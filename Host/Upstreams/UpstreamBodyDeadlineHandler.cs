using ChatWidget.Host.Llm;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Upstreams;

/// <summary>
/// Bounds an upstream response's whole body (<see cref="UpstreamResilienceOptions.BodyTimeoutSeconds"/>): an upstream
/// that sends its headers and then stalls, or trickles forever, has its call cancelled when the bound passes, and the
/// call fails as an unavailable upstream. The header timeout covers the wait before; the idle timeout a silent stream.
/// </summary>
internal sealed class UpstreamBodyDeadlineHandler(IOptionsMonitor<UpstreamResilienceOptions> options) : DelegatingHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = base.Send(request, cancellationToken);
        Bound();
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Bound();
        return response;
    }

    private void Bound() =>
        UpstreamCall.Current?.BoundBody(TimeSpan.FromSeconds(options.CurrentValue.BodyTimeoutSeconds));
}
