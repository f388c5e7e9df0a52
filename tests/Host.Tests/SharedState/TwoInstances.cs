using ChatWidget.Host.Tests.Support;
using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>
/// Two Host instances in one test process, sharing a Redis (and, as instances on one database would, Host's keys, here
/// through one data directory). Each has its own memory: whatever they agree on, they agree on through Redis.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(RedisServer redis, Dictionary<string, string?> settings)
    {
        Redis = redis;
        A = new HostFactory(Platforms.Snapshot(), settings: settings);
        B = new HostFactory(Platforms.Snapshot(), settings: new Dictionary<string, string?>(settings) { ["ChatWidget:DataDirectory"] = A.DataDirectory });
    }

    public TestPlatforms Platforms { get; } = new();

    public RedisServer Redis { get; }

    public HostFactory A { get; }

    public HostFactory B { get; }

    public static TwoInstances Start(RedisServer redis, IDictionary<string, string?>? settings = null)
    {
        var all = RedisTestSettings.For(redis, RedisTestSettings.NewPrefix());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var instances = new TwoInstances(redis, all);
        // A creates the shared keys before B reads them.
        instances.A.CreateClient().Dispose();
        instances.B.CreateClient().Dispose();
        return instances;
    }

    public string LaunchToken(string subject = "learner-42") =>
        Platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, A.Clock.GetUtcNow(), subject: subject));

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
