using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Serves one cached <see cref="ConfigurationSnapshot"/>. Reads are lock-free; a change notified in this
/// process forces a reload on the next read, and at most every ConfigurationRefreshSeconds one reader
/// checks the database's version stamp to catch changes written by other processes.
/// </summary>
internal sealed class LiveConfiguration(
    ConfigurationStore store,
    IOptions<ConfigurationStoreOptions> options,
    TimeProvider time,
    ILogger<LiveConfiguration> logger) : ILiveConfiguration, IConfigurationChangeNotifier, IDisposable
{
    private sealed record CachedSnapshot(ConfigurationSnapshot Snapshot, long Invalidation, DateTimeOffset CheckedAt);

    private readonly TimeSpan refreshInterval = TimeSpan.FromSeconds(options.Value.ConfigurationRefreshSeconds);
    private readonly SemaphoreSlim loadGate = new(1, 1);
    private CachedSnapshot? cached;
    private long invalidation;

    public void NotifyChanged() => Interlocked.Increment(ref invalidation);

    public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref cached);
        if (current is not null && IsFresh(current, out _))
        {
            return ValueTask.FromResult(current.Snapshot);
        }

        return new ValueTask<ConfigurationSnapshot>(RefreshAsync(current, cancellationToken));
    }

    public void Dispose() => loadGate.Dispose();

    private bool IsFresh(CachedSnapshot current, out bool invalidated)
    {
        invalidated = current.Invalidation != Interlocked.Read(ref invalidation);
        return !invalidated && time.GetUtcNow() - current.CheckedAt < refreshInterval;
    }

    private async Task<ConfigurationSnapshot> RefreshAsync(CachedSnapshot? seen, CancellationToken cancellationToken)
    {
        if (seen is not null)
        {
            IsFresh(seen, out var invalidated);
            // A merely periodic check must not stall readers: while someone else checks, the old snapshot is still good.
            if (!invalidated && !await loadGate.WaitAsync(0, cancellationToken))
            {
                return seen.Snapshot;
            }

            if (invalidated)
            {
                await loadGate.WaitAsync(cancellationToken);
            }
        }
        else
        {
            await loadGate.WaitAsync(cancellationToken);
        }

        try
        {
            // Another reader may have refreshed while this one waited for the gate.
            var current = Volatile.Read(ref cached);
            if (current is not null && IsFresh(current, out _))
            {
                return current.Snapshot;
            }

            var invalidationAtStart = Interlocked.Read(ref invalidation);
            var checkedAt = time.GetUtcNow();
            try
            {
                if (current is not null && current.Invalidation == invalidationAtStart
                    && await store.ReadVersionAsync(cancellationToken) == current.Snapshot.Version)
                {
                    Volatile.Write(ref cached, current with { CheckedAt = checkedAt });
                    return current.Snapshot;
                }

                var snapshot = await store.LoadSnapshotAsync(cancellationToken);
                // Recording the invalidation count from before the load means a change notified during the load
                // makes this snapshot stale at once, so it is never missed.
                Volatile.Write(ref cached, new CachedSnapshot(snapshot, invalidationAtStart, checkedAt));
                logger.LogDebug("Loaded configuration version {Version}", snapshot.Version);
                return snapshot;
            }
            catch (Exception e) when (current is not null && e is not OperationCanceledException)
            {
                // A busy or briefly unavailable database must not take chat down: keep serving the last good
                // snapshot and try again after the next interval (or at the next read, if a change was notified).
                logger.LogWarning(e, "Could not refresh configuration; serving version {Version} until the next attempt", current.Snapshot.Version);
                Volatile.Write(ref cached, current with { CheckedAt = checkedAt });
                return current.Snapshot;
            }
        }
        finally
        {
            loadGate.Release();
        }
    }
}
