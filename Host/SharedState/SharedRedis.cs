using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// The one Redis connection of the process (<c>ConnectionStrings:Redis</c>). It never fails a start: while Redis is
/// unreachable every command fails at once (no queueing), callers fall back or fail closed, and the connection comes
/// back by itself when Redis does.
/// </summary>
public sealed partial class SharedRedis : IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger<SharedRedis> _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ConnectionMultiplexer? _connection;
    private int _lastReportedUp = 1;

    public SharedRedis(RedisConnectionString connectionString, IOptions<SharedStateOptions> options, ILogger<SharedRedis> logger)
    {
        _configuration = Configure(connectionString.Value);
        _logger = logger;
        KeyPrefix = options.Value.KeyPrefix;
    }

    public string KeyPrefix { get; }

    /// <summary>True while the connection is up; cheap enough for every request.</summary>
    public bool IsConnected => _connection?.IsConnected == true;

    /// <summary>The database to run commands on; throws <see cref="SharedStateUnavailableException"/> while Redis is down.</summary>
    public async ValueTask<IDatabase> DatabaseAsync()
    {
        var connection = _connection ?? await ConnectAsync();
        if (!connection.IsConnected)
        {
            ReportDown(null);
            throw new SharedStateUnavailableException();
        }

        return connection.GetDatabase();
    }

    public async ValueTask<ISubscriber> SubscriberAsync() => (_connection ?? await ConnectAsync()).GetSubscriber();

    /// <summary>Runs a Redis command; a connection failure or time-out becomes <see cref="SharedStateUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command)
    {
        var database = await DatabaseAsync();
        try
        {
            var result = await command(database);
            ReportUp();
            return result;
        }
        // StackExchange.Redis takes no cancellation token from us: a cancelled task is its own (a command dropped while the
        // connection was being re-established), so it means Redis was not reachable, like the other two. So does an
        // InvalidOperationException thrown by the connection's read pipe, which a connection being (re)established under
        // load can throw instead of a RedisConnectionException.
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException or OperationCanceledException
                                      || e is InvalidOperationException { Source: "System.IO.Pipelines" })
        {
            ReportDown(e);
            throw new SharedStateUnavailableException(e);
        }
    }

    /// <summary>
    /// Runs a Redis command, or <paramref name="fallback"/> (this instance's own state) while Redis is unreachable: for
    /// limits and budgets, which keep chat going under per-instance counts rather than refusing it.
    /// </summary>
    public async ValueTask<T> RunOrFallBackAsync<T>(Func<IDatabase, Task<T>> command, Func<ValueTask<T>> fallback)
    {
        if (!IsConnected) return await fallback();
        try
        {
            return await RunAsync(command);
        }
        catch (SharedStateUnavailableException)
        {
            return await fallback();
        }
    }

    /// <summary>A command whose answer nobody waits for (giving back a stream place as a response ends).</summary>
    public void FireAndForget(Func<IDatabase, Task> command)
    {
        if (_connection is not { IsConnected: true } connection) return;
        try
        {
            _ = command(connection.GetDatabase());
        }
        catch (Exception e) when (e is RedisConnectionException or ObjectDisposedException)
        {
            // What it would have given back expires by itself.
        }
    }

    private readonly Lock _callbackGate = new();
    private Action<IConnectionMultiplexer>? _connected;

    /// <summary>Calls back with the connection once it exists (at once when it already does), e.g. for Redis tracing.</summary>
    public void WhenConnected(Action<IConnectionMultiplexer> callback)
    {
        lock (_callbackGate)
        {
            if (_connection is null)
            {
                _connected += callback;
                return;
            }
        }

        callback(_connection);
    }

    /// <summary>Connects once; later calls get the same connection, which reconnects by itself.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } existing) return existing;
        await _connectGate.WaitAsync();
        try
        {
            if (_connection is { } raced) return raced;
            var connection = await ConnectionMultiplexer.ConnectAsync(_configuration);
            connection.ConnectionFailed += (_, e) => ReportDown(e.Exception);
            connection.ConnectionRestored += (_, _) => ReportUp();
            if (!connection.IsConnected) ReportDown(null);
            Action<IConnectionMultiplexer>? connected;
            lock (_callbackGate)
            {
                _connection = connection;
                connected = _connected;
            }

            connected?.Invoke(connection);
            return connection;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connectGate.Dispose();
    }

    /// <summary>
    /// Fail fast rather than queue (a launch must be refused at once, not after a time-out), reconnect every second, and
    /// short time-outs unless the operator set their own.
    /// </summary>
    private static ConfigurationOptions Configure(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "chatwidget";
        if (!Mentions(connectionString, "connectTimeout")) options.ConnectTimeout = 2000;
        if (!Mentions(connectionString, "syncTimeout")) options.SyncTimeout = 2000;
        if (!Mentions(connectionString, "asyncTimeout")) options.AsyncTimeout = 2000;
        return options;
    }

    private static bool Mentions(string connectionString, string option) =>
        connectionString.Contains(option + "=", StringComparison.OrdinalIgnoreCase);

    private void ReportDown(Exception? e)
    {
        if (Interlocked.Exchange(ref _lastReportedUp, 0) == 1) LogDown(_logger, e?.GetType().Name ?? "not connected");
    }

    private void ReportUp()
    {
        if (Interlocked.Exchange(ref _lastReportedUp, 1) == 0) LogUp(_logger);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Redis (shared state) is unreachable ({Failure}): launches are refused with 503, chat goes on under this instance's own limits")]
    private static partial void LogDown(ILogger logger, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Redis (shared state) is reachable again: shared launches, limits and budgets resume")]
    private static partial void LogUp(ILogger logger);
}

/// <summary><c>ConnectionStrings:Redis</c>, when it is set.</summary>
public sealed record RedisConnectionString(string Value);
