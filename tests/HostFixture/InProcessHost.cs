using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatWidget.HostFixture;

/// <summary>
/// The tests' one way to run Host in process: what every in-process test needs and would otherwise set up again
/// itself. It owns a temporary data directory (deleted on dispose, once SQLite has let go of its files), runs in a
/// chosen environment with the demo partner page off unless asked for, applies the test's settings, captures logs
/// from a chosen level, and lets the test replace services. The named fixtures of the test projects derive from it.
/// </summary>
public class InProcessHost : WebApplicationFactory<Program>
{
    /// <summary>Host's data directory (ChatWidget:DataDirectory): empty and this host's own.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("chatwidget-test-").FullName;

    /// <summary>The hosting environment; Testing (Host then starts without a built widget) unless the test needs another.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Configuration applied with UseSetting after the data directory and the demo switch, so a test can override them.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Serve the demo partner page, on an ephemeral loopback port instead of its usual 5081.</summary>
    public bool DemoPartnerPage { get; init; }

    /// <summary>The lowest level <see cref="CapturedLogs"/> keeps; null captures nothing and leaves Host's logging as configured.</summary>
    public LogLevel? CaptureLogsFrom { get; init; }

    /// <summary>What Host logged, from <see cref="CaptureLogsFrom"/> up.</summary>
    public CapturingLoggerProvider CapturedLogs { get; } = new();

    /// <summary>The test's own service replacements, applied after Host's registrations and the fixture's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ChatWidget:DataDirectory", DataDirectory);
        builder.UseSetting("ChatWidget:Demo:Enabled", DemoPartnerPage ? "true" : "false");
        if (DemoPartnerPage) builder.UseSetting("ChatWidget:Demo:ListenUrl", "http://127.0.0.1:0");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (CaptureLogsFrom is { } level) builder.ConfigureLogging(logging => logging.SetMinimumLevel(level).AddProvider(CapturedLogs));
        builder.ConfigureTestServices(AddTestServices);
    }

    /// <summary>Replaces Host's services for the test: a fixture adds its own fakes here, then calls this for <see cref="TestServices"/>.</summary>
    protected virtual void AddTestServices(IServiceCollection services) => TestServices?.Invoke(services);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(DataDirectory)) return;
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still open by a background task; the OS temp cleaner gets it.
        }
    }
}
