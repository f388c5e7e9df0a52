using ChatWidget.Admin.Configuration;
using StackExchange.Redis;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// Tells every other instance that configuration changed (a platform disabled or re-keyed, the team password rotated, a
/// profile published), over Redis pub/sub: they reload at their next request, within milliseconds instead of at their
/// next periodic check (<c>ChatWidget:ConfigurationRefreshSeconds</c>, kept as the safety net for messages lost while
/// Redis was down). The message is only this instance's id: what changed is read from the database.
/// </summary>
public sealed partial class RedisConfigurationChangeBus(
    SharedRedis redis,
    IServiceProvider services,
    ILogger<RedisConfigurationChangeBus> logger) : IConfigurationChangeNotifier, IHostedService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private bool _subscribed;

    private RedisChannel Channel => RedisChannel.Literal(redis.KeyPrefix + "configuration-changed");

    /// <summary>Called after every configuration save of this instance (next to the local notifier).</summary>
    public void NotifyChanged() =>
        redis.FireAndForget(_ => PublishAsync());

    /// <summary>Subscribes; with Redis down at start, Host starts all the same and subscribes once Redis is up.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await redis.ConnectAsync();
        // After an outage, changes may have been announced while this instance could not hear them: listen, then reload.
        connection.ConnectionRestored += (_, _) => _ = SubscribeAsync().ContinueWith(_ => NotifyLocal(), TaskScheduler.Default);
        await SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        if (Volatile.Read(ref _subscribed)) return;
        try
        {
            await (await redis.SubscriberAsync()).SubscribeAsync(Channel, (_, message) =>
            {
                if (message != _instance) NotifyLocal();
            });
            Volatile.Write(ref _subscribed, true);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            LogSubscribeDeferred(logger, e.GetType().Name);
        }
    }

    private async Task PublishAsync()
    {
        try
        {
            await (await redis.SubscriberAsync()).PublishAsync(Channel, _instance);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            LogPublishFailed(logger, e.GetType().Name);
        }
    }

    private void NotifyLocal()
    {
        foreach (var notifier in services.GetServices<IConfigurationChangeNotifier>())
        {
            if (!ReferenceEquals(notifier, this)) notifier.NotifyChanged();
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Could not subscribe to configuration changes over Redis ({Failure}); subscribing when Redis is back, checking periodically until then")]
    private static partial void LogSubscribeDeferred(ILogger logger, string failure);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Could not announce a configuration change over Redis ({Failure}); other instances see it at their next periodic check")]
    private static partial void LogPublishFailed(ILogger logger, string failure);
}
