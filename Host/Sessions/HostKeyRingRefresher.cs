namespace ChatWidget.Host.Sessions;

/// <summary>Notices a key rotation made by another process sharing the data directory (the CLI, another instance).</summary>
public sealed class HostKeyRingRefresher(HostKeyRing keyRing, TimeProvider time, ILogger<HostKeyRingRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                keyRing.ReloadIfChanged();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                logger.LogError(e, "Could not reload the host key ring; still signing with the loaded keys");
            }
        }
    }
}
