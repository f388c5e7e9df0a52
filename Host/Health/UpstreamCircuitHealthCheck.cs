using ChatWidget.Host.Upstreams;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatWidget.Host.Health;

/// <summary>
/// Degraded (still ready: the fallback chain may answer) while any upstream's circuit is open. Counts only: upstream
/// host names are not for the public.
/// </summary>
public sealed class UpstreamCircuitHealthCheck(UpstreamCircuits circuits) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = circuits.States.Values.ToList();
        var data = new Dictionary<string, object>
        {
            ["open"] = states.Count(s => s == UpstreamCircuits.Open),
            ["half_open"] = states.Count(s => s == UpstreamCircuits.HalfOpen),
            ["closed"] = states.Count(s => s == UpstreamCircuits.Closed),
        };
        return Task.FromResult(circuits.AnyOpen
            ? HealthCheckResult.Degraded("An upstream's circuit is open.", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
