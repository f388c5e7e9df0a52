using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// Two instances sharing one data directory behind nginx with TLS, as in production (the test certificate stands in for
/// the real one). Launches are limited to one per client address and instance (refilled once a minute), so the
/// tests can see which address Host counted a request against.
/// </summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    public HostCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await HostCluster.StartAsync(instances: 2, new HostClusterOptions { Tls = true, SharedDataDirectory = true }
            .WithSetting("ChatWidget:RateLimits:TokenPerIp:Burst", "1")
            .WithSetting("ChatWidget:RateLimits:TokenPerIp:PerMinute", "1"));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
