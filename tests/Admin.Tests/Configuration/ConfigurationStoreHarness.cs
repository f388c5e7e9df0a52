using ChatWidget.Admin.Configuration;
using ChatWidget.TestServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>
/// A host with only the configuration store, over a temporary data directory of its own and a <see cref="TestDatabase"/>
/// (the SQLite file in that directory unless a test asks for PostgreSQL).
/// </summary>
internal sealed class ConfigurationStoreHarness : IAsyncDisposable
{
    private readonly bool ownsRoot;

    private ConfigurationStoreHarness(TestDatabase database, string root, bool ownsRoot, IHost host, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        this.ownsRoot = ownsRoot;
        Database = database;
        Root = root;
        Host = host;
        Time = time;
        Logs = logs;
    }

    public TestDatabase Database { get; }
    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public string DatabasePath => Path.Combine(DataDirectory, ConfigurationStoreOptions.DatabaseFileName);
    public IHost Host { get; }
    public FakeTimeProvider Time { get; }
    public CapturingLoggerProvider Logs { get; }
    public IServiceProvider Services => Host.Services;
    public ILiveConfiguration Live => Services.GetRequiredService<ILiveConfiguration>();
    public SeedFileImporter Importer => Services.GetRequiredService<SeedFileImporter>();

    /// <param name="root">Another harness's directory, to simulate a restart over the same data; that harness deletes it.</param>
    public static ConfigurationStoreHarness Create(IDictionary<string, string?>? settings = null, string? root = null) =>
        Create(TestDatabase.Sqlite, settings, root);

    /// <summary>A store over a new, empty database of <paramref name="provider"/>; not prepared yet.</summary>
    public static async Task<ConfigurationStoreHarness> CreateAsync(string provider, IDictionary<string, string?>? settings = null) =>
        Create(await TestDatabase.CreateAsync(provider), settings);

    /// <summary>Another host over this one's data directory and database, as after a restart; this harness cleans up.</summary>
    public ConfigurationStoreHarness Reopen(IDictionary<string, string?>? settings = null) => Create(Database, settings, Root);

    public static ConfigurationStoreHarness Create(TestDatabase database, IDictionary<string, string?>? settings = null, string? root = null)
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
        builder.Configuration.AddInMemoryCollection(database.Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddConfigurationStore();
        return new ConfigurationStoreHarness(database, root, ownsRoot, builder.Build(), time, logs);
    }

    public static Task<ConfigurationStoreHarness> StartAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(DatabaseProviders.Sqlite, settings);

    /// <summary>A prepared store (migrated, demo seeded) over a new, empty database of <paramref name="provider"/>.</summary>
    public static async Task<ConfigurationStoreHarness> StartAsync(string provider, IDictionary<string, string?>? settings = null)
    {
        var harness = await CreateAsync(provider, settings);
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

    /// <summary>A context built the way another process would: same database, but nothing shared with this host.</summary>
    public ConfigurationDbContext OpenForeignContext() => Database.OpenForeignContext(DatabasePath);

    /// <summary>Runs SQL behind the store's back (no version bump, no notification).</summary>
    public Task ExecuteSqlAsync(string sql) => Database.ExecuteSqlAsync(DatabasePath, sql);

    public async Task<long> ReadVersionAsync() => await Services.GetRequiredService<ConfigurationStore>().ReadVersionAsync(TestTimeout.Token);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        Database.ReleaseConnections();
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
