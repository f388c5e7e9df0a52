using ChatWidget.Admin.Configuration;
using ChatWidget.Host.SharedState;
using ChatWidget.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>Configuration changes announced over Redis pub/sub reach the other instances' live configuration within a second.</summary>
public sealed class ConfigurationChangeBusTests
{
    [Fact]
    public async Task A_change_on_one_instance_reaches_the_others_within_a_second_and_not_itself_twice()
    {
        var redis = await RedisServer.SharedAsync();
        var prefix = RedisTestSettings.NewPrefix();
        await using var a = await Instance.StartAsync(redis, prefix);
        await using var b = await Instance.StartAsync(redis, prefix);
        await using var elsewhere = await Instance.StartAsync(redis, RedisTestSettings.NewPrefix());

        a.Bus.NotifyChanged();

        await b.Local.WaitForAsync(1, TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Equal(0, a.Local.Count);
        Assert.Equal(0, elsewhere.Local.Count);
    }

    [Fact]
    public async Task After_a_Redis_outage_every_instance_reloads_for_what_it_may_have_missed()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisTestSettings.NewPrefix();
        await using var a = await Instance.StartAsync(redis, prefix);

        await redis.StopAsync();
        await redis.StartAgainAsync();

        await a.Local.WaitForAsync(1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Instances_that_started_while_Redis_was_down_hear_each_other_once_it_is_up()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisTestSettings.NewPrefix();
        await redis.StopAsync();
        await using var a = await Instance.StartAsync(redis, prefix);
        await using var b = await Instance.StartAsync(redis, prefix);

        await redis.StartAgainAsync();
        // Each reloads once it is connected and listening again.
        await a.Local.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await b.Local.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var before = b.Local.Count;

        a.Bus.NotifyChanged();
        await b.Local.WaitForAsync(before + 1, TimeSpan.FromSeconds(1));
    }

    private sealed class Instance : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Instance(ServiceProvider services) => _services = services;

        public RedisConfigurationChangeBus Bus => _services.GetRequiredService<RedisConfigurationChangeBus>();

        public CountingNotifier Local => _services.GetRequiredService<CountingNotifier>();

        public static async Task<Instance> StartAsync(RedisServer redis, string prefix)
        {
            var services = new ServiceCollection()
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
                .AddSingleton(RedisTestSettings.Connection(redis, prefix))
                .AddSingleton<CountingNotifier>()
                .AddSingleton<IConfigurationChangeNotifier>(p => p.GetRequiredService<CountingNotifier>())
                .AddSingleton<RedisConfigurationChangeBus>()
                .AddSingleton<IConfigurationChangeNotifier>(p => p.GetRequiredService<RedisConfigurationChangeBus>())
                .BuildServiceProvider();
            await services.GetRequiredService<RedisConfigurationChangeBus>().StartAsync(default);
            return new Instance(services);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.GetRequiredService<SharedRedis>().DisposeAsync();
            await _services.DisposeAsync();
        }
    }

    /// <summary>Stands for an instance's live configuration: counts the reloads it was told to make.</summary>
    private sealed class CountingNotifier : IConfigurationChangeNotifier
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void NotifyChanged() => Interlocked.Increment(ref _count);

        public async Task WaitForAsync(int count, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"told {Count} times within {within.TotalSeconds} s, expected {count}");
                await Task.Delay(10);
            }
        }
    }
}
