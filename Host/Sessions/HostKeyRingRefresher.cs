namespace ChatWidget.Host.Sessions;

/// <summary>
/// Loads Host's key ring before the server listens, then reloads it every <see cref="ReloadInterval"/> to pick up a
/// rotation made by another process (the CLI, another instance sharing the database or data directory).
/// </summary>
public sealed class HostKeyRingRefresher(HostKeyRing keyRing, TimeProvider time, ILogger<HostKeyRingRefresher> logger) : BackgroundService
{
    /// <summary>The longest an instance goes without seeing a rotation; <see cref="HostKeyRing.ActivationDelay"/> is longer.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server, so no request ever waits for the first read of the store.
        await keyRing.ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keyRing.ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the file is briefly unavailable: the loaded keys keep working until the next attempt.
                logger.LogError(e, "Could not reload the host key ring; still using the loaded keys");
            }
        }
    }
}
