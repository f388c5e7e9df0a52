using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Configuration.Usage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatWidget.Admin.Configuration;

public static class ConfigurationStoreExtensions
{
    public const string DataProtectionApplicationName = "ChatWidget";

    /// <summary>
    /// Registers the configuration store (SQLite, or PostgreSQL with <c>ChatWidget:Database:Provider</c> = <c>Postgres</c>),
    /// Data Protection for secrets at rest, the seed importer and
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

        // Keys live beside the secrets they decrypt. With SQLite that is DataDirectory/keys, so restoring the data
        // directory restores secrets that can still be decrypted (and existing installations keep their keys). With
        // PostgreSQL it is the DataProtectionKeys table, so every instance decrypts what any other one encrypted; the
        // repository is the one PersistKeysToDbContext<ConfigurationDbContext>() registers, chosen here once the
        // provider setting can be read.
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ConfigurationStoreOptions>, ILoggerFactory, IServiceProvider>((keys, store, loggerFactory, provider) =>
                keys.XmlRepository = store.Value.Database.UsesPostgres
                    ? new EntityFrameworkCoreXmlRepository<ConfigurationDbContext>(provider, loggerFactory)
                    : new FileSystemXmlRepository(new DirectoryInfo(store.Value.KeysDirectory), loggerFactory));

        services.AddDbContextFactory<ConfigurationDbContext, ConfigurationDbContextFactory>((provider, database) =>
        {
            var store = provider.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
            if (store.Database.UsesPostgres)
            {
                // No retrying execution strategy: saves run in their own transactions (the version bump), which it refuses.
                database.UseNpgsql(store.Database.ConnectionString);
                return;
            }

            CreatePrivateDirectory(store.DataDirectory);
            database.UseSqlite(new SqliteConnectionStringBuilder { DataSource = store.DatabasePath }.ToString());
        });
        // Identity's stores and the Data Protection repository take the context per scope: it must be the provider's type too.
        services.Replace(ServiceDescriptor.Scoped(provider => provider.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContext()));

        services.TryAddSingleton<ConfigurationSecretProtector>();
        services.TryAddSingleton<ConfigurationStore>();
        services.TryAddSingleton<UsageStore>();
        services.TryAddSingleton<KnowledgeCatalog>();
        services.TryAddSingleton<KnowledgeEmbeddingStore>();
        // The index in the configuration database's own engine: FTS5 on SQLite, tsvector on PostgreSQL.
        services.TryAddSingleton<IKnowledgeIndex>(provider => provider.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value.Database.UsesPostgres
            ? ActivatorUtilities.CreateInstance<PostgresKnowledgeIndex>(provider)
            : ActivatorUtilities.CreateInstance<SqliteKnowledgeIndex>(provider));
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
    /// listing every problem, and nothing is written. With PostgreSQL all of it runs under an advisory lock, so
    /// instances starting at the same moment migrate once and apply the seed file one after the other.
    /// </summary>
    /// <exception cref="ConfigurationDatabaseUnavailableException">PostgreSQL cannot be reached or used.</exception>
    public static async Task PrepareConfigurationStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // Reading the options validates them, so a bad setting fails here with its name.
        var options = services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
        CreatePrivateDirectory(options.DataDirectory);

        if (options.Database.UsesPostgres)
        {
            var connectionString = options.Database.ConnectionString!;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConfigurationStore).FullName!);
            logger.LogInformation("Configuration database: PostgreSQL ({Database})", PostgresConnectionStrings.Describe(connectionString));
            try
            {
                await using var startupLock = await PostgresStartupLock.AcquireAsync(connectionString, logger, cancellationToken);
                await MigrateAsync(services, cancellationToken);
                // Under the lock, so instances starting together share one first key instead of each making its own
                // and failing to decrypt the others' secrets until their key rings refresh.
                CreateFirstDataProtectionKey(services);
                await SeedAsync(services, options, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException || e.InnerException is NpgsqlException)
            {
                throw ConfigurationDatabaseUnavailableException.From(DatabaseOptions.ConnectionStringSetting, connectionString, e);
            }
        }
        else
        {
            await MigrateAsync(services, cancellationToken);
            await SeedAsync(services, options, cancellationToken);
        }

        foreach (var notifier in services.GetServices<IConfigurationChangeNotifier>()) notifier.NotifyChanged();
    }

    private static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var contextFactory = services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Npgsql's migrator reads the history table before creating it and logs the "does not exist" as an error on
            // every first start (npgsql/efcore.pg#3407); creating it first, under the lock, keeps that false alarm out of the log.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task SeedAsync(IServiceProvider services, ConfigurationStoreOptions options, CancellationToken cancellationToken)
    {
        if (options.SeedFile is { } seedFile)
        {
            await services.GetRequiredService<SeedFileImporter>().ImportAsync(seedFile, cancellationToken);
        }
        else
        {
            await services.GetRequiredService<DemoConfigurationSeeder>().SeedIfEmptyAsync(cancellationToken);
        }
    }

    /// <summary>Protecting anything makes Data Protection create its first key when the repository has none.</summary>
    private static void CreateFirstDataProtectionKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ChatWidget.Startup").Protect([]);

    /// <summary>
    /// The data directory holds the SQLite database, the Data Protection keys and Host's signing keys: when this
    /// creates it, only the service's own user may enter it. An existing directory keeps its permissions.
    /// </summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
