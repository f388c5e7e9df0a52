using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

public static class ConfigurationStoreExtensions
{
    public const string DataProtectionApplicationName = "ChatWidget";

    /// <summary>
    /// Registers the SQLite configuration store, Data Protection for secrets at rest, the seed importer and
    /// <see cref="ILiveConfiguration"/>. Call <see cref="PrepareConfigurationStoreAsync(IHost, CancellationToken)"/>
    /// once after building the app.
    /// </summary>
    public static IHostApplicationBuilder AddConfigurationStore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<ConfigurationStoreOptions>()
            .BindConfiguration(ConfigurationStoreOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ConfigurationStoreOptions>, ConfigurationStoreOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfigurationStoreOptions>, ConfigurationStoreOptionsSetup>());
        services.TryAddSingleton(TimeProvider.System);

        // Keys live beside the database: restoring the data directory restores secrets that can still be decrypted.
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ConfigurationStoreOptions>, ILoggerFactory>((keys, store, loggerFactory) =>
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(store.Value.KeysDirectory), loggerFactory));

        services.AddDbContextFactory<ConfigurationDbContext>((provider, database) =>
        {
            var store = provider.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
            CreatePrivateDirectory(store.DataDirectory);
            database.UseSqlite(new SqliteConnectionStringBuilder { DataSource = store.DatabasePath }.ToString());
        });

        services.TryAddSingleton<ConfigurationSecretProtector>();
        services.TryAddSingleton<ConfigurationStore>();
        services.TryAddSingleton<SeedFileImporter>();
        services.TryAddSingleton<DemoConfigurationSeeder>();
        services.TryAddSingleton<LiveConfiguration>();
        services.TryAddSingleton<ILiveConfiguration>(provider => provider.GetRequiredService<LiveConfiguration>());
        services.TryAddSingleton<IConfigurationChangeNotifier>(provider => provider.GetRequiredService<LiveConfiguration>());
        return builder;
    }

    /// <inheritdoc cref="PrepareConfigurationStoreAsync(IServiceProvider, CancellationToken)"/>
    public static Task PrepareConfigurationStoreAsync(this IHost host, CancellationToken cancellationToken = default) =>
        host.Services.PrepareConfigurationStoreAsync(cancellationToken);

    /// <summary>
    /// Creates or migrates the database, then applies <c>ChatWidget:SeedFile</c> if set, or else seeds the
    /// demo into an empty database. An invalid seed file throws <see cref="InvalidSeedFileException"/>
    /// listing every problem, and nothing is written.
    /// </summary>
    public static async Task PrepareConfigurationStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // Reading the options validates them, so a bad setting fails here with its name.
        var options = services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
        CreatePrivateDirectory(options.DataDirectory);

        var contextFactory = services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>();
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (options.SeedFile is { } seedFile)
        {
            await services.GetRequiredService<SeedFileImporter>().ImportAsync(seedFile, cancellationToken);
        }
        else
        {
            await services.GetRequiredService<DemoConfigurationSeeder>().SeedIfEmptyAsync(cancellationToken);
        }

        foreach (var notifier in services.GetServices<IConfigurationChangeNotifier>()) notifier.NotifyChanged();
    }

    /// <summary>
    /// The data directory holds the database, the Data Protection keys and Host's signing keys: when this
    /// creates it, only the service's own user may enter it. An existing directory keeps its permissions.
    /// </summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
