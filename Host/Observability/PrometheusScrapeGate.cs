using System.Net;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Observability;

/// <summary>
/// In front of the Prometheus exporter: <c>403</c> unless the scrape comes from an allowed network and, when a port is
/// set, arrived on that port. Forwarded headers are not trusted here: the connection's own addresses decide.
/// </summary>
public sealed partial class PrometheusScrapeGate(RequestDelegate next, IOptions<ObservabilityOptions> options, ILogger<PrometheusScrapeGate> logger)
{
    private readonly IPNetwork[] _allowed = [.. (options.Value.Prometheus.AllowedNetworks is { Count: > 0 } networks
        ? networks : [.. PrometheusOptions.LoopbackNetworks]).Select(network => IPNetwork.Parse(network))];

    public Task InvokeAsync(HttpContext http)
    {
        if (Allows(http.Connection)) return next(http);
        LogRefused(logger, http.Connection.LocalPort);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private bool Allows(ConnectionInfo connection)
    {
        if (options.Value.Prometheus.Port is { } port && connection.LocalPort != port) return false;
        if (connection.RemoteIpAddress is not { } remote) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return _allowed.Any(network => network.Contains(remote));
    }

    // The client's address is not logged: it may be a learner's.
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Scrape of /metrics refused: address or port (local port {Port}) not allowed")]
    private static partial void LogRefused(ILogger logger, int port);
}
