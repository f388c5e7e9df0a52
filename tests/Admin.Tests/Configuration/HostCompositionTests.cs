using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class HostCompositionTests
{
    [Fact]
    public async Task Host_composes_the_store_and_serves_the_prepared_configuration()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "chatwidget-store-tests", Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("ChatWidget:DataDirectory", dataDirectory)
                .UseSetting("ChatWidget:Demo:Enabled", "true").UseSetting("ChatWidget:Demo:ListenUrl", "http://127.0.0.1:0"));
        try
        {
            await factory.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

            var snapshot = await factory.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token);

            Assert.Contains(DemoConfiguration.PlatformId, snapshot.Platforms.Keys);
            Assert.True(File.Exists(Path.Combine(dataDirectory, ConfigurationStoreOptions.DatabaseFileName)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
