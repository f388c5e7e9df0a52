using ChatWidget.Admin.Configuration.Usage;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Observability;

/// <summary>
/// Writes the <see cref="UsageRecorder"/>'s tallies every <see cref="UsageOptions.FlushSeconds"/> and once more at
/// shutdown, and deletes the days older than <see cref="UsageOptions.RetentionDays"/> once an hour. A failed write keeps
/// its counts for the next batch.
/// </summary>
public sealed partial class UsageWriter(
    UsageRecorder recorder,
    UsageStore store,
    TimeProvider time,
    IOptionsMonitor<UsageOptions> options,
    ILogger<UsageWriter> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.FlushSeconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await FlushAsync(stoppingToken);
            await PurgeIfDueAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what was counted so far (the tests and shutdown call it directly).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = recorder.TakeBatch();
        try
        {
            await store.AddAsync(batch, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            recorder.Return(batch);
            LogWriteFailed(logger, batch.Count, e.GetType().Name);
        }
    }

    /// <summary>Deletes the days that fell out of the retention window.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var deleted = await store.PurgeAsync(today.AddDays(1 - options.CurrentValue.RetentionDays), cancellationToken);
        if (deleted > 0) LogPurged(logger, deleted, options.CurrentValue.RetentionDays);
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextPurge) return;
        _nextPurge = now + PurgeInterval;
        try
        {
            await PurgeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPurgeFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Usage batch of {Count} aggregates not written ({ExceptionType}); kept for the next batch")]
    private static partial void LogWriteFailed(ILogger logger, int count, string exceptionType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Deleted {Count} usage days older than {RetentionDays} days")]
    private static partial void LogPurged(ILogger logger, int count, int retentionDays);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Usage purge failed ({ExceptionType}); tried again in an hour")]
    private static partial void LogPurgeFailed(ILogger logger, string exceptionType);
}
