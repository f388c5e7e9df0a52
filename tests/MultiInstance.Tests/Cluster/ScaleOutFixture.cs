using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// Two instances behind nginx sharing one PostgreSQL database (empty at their simultaneous start) and one Redis. A session
/// may take two chat turns, then one a minute, so a test can see whether the instances count its turns together.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const int SessionBurst = 2;

    public SharedStateCluster Shared { get; private set; } = null!;

    public HostCluster Cluster => Shared.Cluster;

    public async Task InitializeAsync() =>
        Shared = await SharedStateCluster.StartAsync(new HostClusterOptions()
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:Burst", SessionBurst.ToString())
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:PerMinute", "1")
            // All of this class's launches come from 127.0.0.1 (directly or as nginx's X-Forwarded-For): the 50 racing
            // exchanges must meet the replay store, not the per-address launch limit.
            .WithSetting("ChatWidget:RateLimits:TokenPerIp:Burst", "1000")
            .WithSetting("ChatWidget:Llm:OfflineWordDelayMilliseconds", "0"));

    public async Task DisposeAsync() => await Shared.DisposeAsync();
}
