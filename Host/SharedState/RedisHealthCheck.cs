using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// <c>Degraded</c> (still ready: live chats go on) while Redis does not answer a PING. Names Redis, never its address
/// or password.
/// </summary>
public sealed class RedisHealthCheck(SharedRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.RunAsync(db => db.PingAsync());
            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["ping_ms"] = Math.Round(latency.TotalMilliseconds, 2) });
        }
        catch (SharedStateUnavailableException)
        {
            return HealthCheckResult.Degraded(
                "Redis (shared state) is unreachable: launches are refused until it is back; live chats go on under this instance's own limits.");
        }
    }
}
