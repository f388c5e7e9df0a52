namespace ChatWidget.TestServers;

/// <summary>One server of a kind for the whole test run, started on first use and stopped when the test process exits.</summary>
internal sealed class SharedServer<T>(Func<Task<T>> start) where T : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _server;

    public async Task<T> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_server is not null) return _server;
            var server = await start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _server = server;
        }
        finally
        {
            _gate.Release();
        }
    }
}
