using ChatWidget.Admin.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>A host with only the configuration store, over a temporary data directory of its own.</summary>
internal sealed class ConfigurationStoreHarness : IAsyncDisposable
{
    private readonly bool ownsRoot;

    private ConfigurationStoreHarness(string root, bool ownsRoot, IHost host, ManualTimeProvider time, CapturingLoggerProvider logs)
    {
        this.ownsRoot = ownsRoot;
        Root = root;
        Host = host;
        Time = time;
        Logs = logs;
    }

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public string DatabasePath => Path.Combine(DataDirectory, ConfigurationStoreOptions.DatabaseFileName);
    public IHost Host { get; }
    public ManualTimeProvider Time { get; }
    public CapturingLoggerProvider Logs { get; }
    public IServiceProvider Services => Host.Services;
    public ILiveConfiguration Live => Services.GetRequiredService<ILiveConfiguration>();
    public SeedFileImporter Importer => Services.GetRequiredService<SeedFileImporter>();

    /// <param name="root">Another harness's directory, to simulate a restart over the same data; that harness deletes it.</param>
    public static ConfigurationStoreHarness Create(IDictionary<string, string?>? settings = null, string? root = null)
    {
        var ownsRoot = root is null;
        root ??= Path.Combine(Path.GetTempPath(), "chatwidget-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root,
            DisableDefaults = true,
        });
        // A relative DataDirectory, as in production: it must resolve against the content root.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatWidget:DataDirectory"] = "data",
            ["ChatWidget:Demo:Enabled"] = "true",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var time = new ManualTimeProvider();
        var logs = new CapturingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddConfigurationStore();
        return new ConfigurationStoreHarness(root, ownsRoot, builder.Build(), time, logs);
    }

    public static async Task<ConfigurationStoreHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var harness = Create(settings);
        await harness.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);
        return harness;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<ConfigurationDbContext> OpenContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync(TestTimeout.Token);

    /// <summary>A context built the way another process would: same file, but nothing shared with this host.</summary>
    public ConfigurationDbContext OpenForeignContext() =>
        new(new DbContextOptionsBuilder<ConfigurationDbContext>().UseSqlite($"Data Source={DatabasePath}").Options);

    public async Task<long> ReadVersionAsync() => await Services.GetRequiredService<ConfigurationStore>().ReadVersionAsync(TestTimeout.Token);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        SqliteConnection.ClearAllPools();
        if (!ownsRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }

        await Task.CompletedTask;
    }
}
