using ChatWidget.Host.Embedding.DemoPartner;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Embedding;

/// <summary>
/// Host as `npm start` runs it (real configuration store, demo seed, demo partner page), in a temporary data
/// directory, with the partner page on an ephemeral loopback port instead of 5081.
/// </summary>
public sealed class DemoHostFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("chatwidget-demo-test-").FullName;

    /// <summary>The demo partner page's real address (http://127.0.0.1:PORT).</summary>
    public Uri PartnerUrl => new(Services.GetRequiredService<DemoPartnerSite>().Url ?? throw new InvalidOperationException("The demo partner page is not running."));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ChatWidget:DataDirectory", DataDirectory);
        builder.UseSetting("ChatWidget:Demo:Enabled", "true");
        builder.UseSetting("ChatWidget:Demo:ListenUrl", "http://127.0.0.1:0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background task; the OS temp cleaner gets it.
        }
    }
}
