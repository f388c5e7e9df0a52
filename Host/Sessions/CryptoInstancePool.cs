using System.Collections.Concurrent;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Reuses a key's crypto objects across verifications. Importing a key costs about as much as an ES256 verify
/// (measured: tests/Benchmarks, token path), but the objects are not documented as safe for concurrent use, so
/// each caller takes one of its own for the call and puts it back. The pool never holds more instances than
/// verifications ever ran at once; they go with the key when the configuration replaces it.
/// </summary>
internal sealed class CryptoInstancePool<T>(Func<T> create) where T : class
{
    private readonly ConcurrentBag<T> _idle = [];

    public TResult Use<TResult>(Func<T, TResult> operation)
    {
        var instance = _idle.TryTake(out var idle) ? idle : create();
        try
        {
            return operation(instance);
        }
        finally
        {
            _idle.Add(instance);
        }
    }
}
