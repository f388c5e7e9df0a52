using System.Diagnostics;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Ends a streaming upstream call when the model stays silent longer than the idle timeout (before its first token or
/// between two chunks). The clock stands still while a chunk is being written to the client. One timer per stream,
/// re-armed only when it fires: marking progress is a timestamp write, not a timer change, so a chunk costs no timer work.
/// </summary>
public sealed class IdleWatchdog : IDisposable
{
    private const long Paused = 0;

    private readonly CancellationTokenSource _silence;
    private readonly ITimer _timer;
    private long _waitingSince = Stopwatch.GetTimestamp();

    public IdleWatchdog(TimeSpan timeout, CancellationToken caller)
    {
        Timeout = timeout;
        _silence = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _timer = TimeProvider.System.CreateTimer(static state => ((IdleWatchdog)state!).Check(), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Timeout { get; }

    /// <summary>Cancelled when the caller's token is, or when the model was silent too long.</summary>
    public CancellationToken Token => _silence.Token;

    /// <summary>The model is waited for from now on.</summary>
    public void Waiting() => Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());

    /// <summary>A chunk is being written to the client: that time is not the model's silence.</summary>
    public void Writing() => Volatile.Write(ref _waitingSince, Paused);

    private void Check()
    {
        var since = Volatile.Read(ref _waitingSince);
        var waited = since == Paused ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since);
        if (waited < Timeout)
        {
            _timer.Change(Timeout - waited, System.Threading.Timeout.InfiniteTimeSpan);
            return;
        }

        try
        {
            _silence.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _silence.Dispose();
    }
}
