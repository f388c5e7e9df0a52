using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatWidget.Host.Health;

/// <summary>The configuration database answers a query.</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConfigurationStore>().ReadVersionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception goes to the health-check log; the public answer says only that the database is unavailable.
            return HealthCheckResult.Unhealthy("The configuration database is not reachable.", e);
        }
    }
}
