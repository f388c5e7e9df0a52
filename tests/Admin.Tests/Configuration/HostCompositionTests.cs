using ChatWidget.Admin.Configuration;
using ChatWidget.HostFixture;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class HostCompositionTests
{
    [Fact]
    public async Task Host_composes_the_store_and_serves_the_prepared_configuration()
    {
        await using var factory = new InProcessHost { EnvironmentName = "Development", DemoPartnerPage = true };
        await factory.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        var snapshot = await factory.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token);

        Assert.Contains(DemoConfiguration.PlatformId, snapshot.Platforms.Keys);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, ConfigurationStoreOptions.DatabaseFileName)));
    }
}
