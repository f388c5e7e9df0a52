using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Creates the context of the configured provider: a <see cref="PostgresConfigurationDbContext"/> with PostgreSQL, so that
/// migrations come from its own set, else a plain <see cref="ConfigurationDbContext"/> over SQLite.
/// </summary>
internal sealed class ConfigurationDbContextFactory(DbContextOptions<ConfigurationDbContext> options, IOptions<ConfigurationStoreOptions> store)
    : IDbContextFactory<ConfigurationDbContext>
{
    public ConfigurationDbContext CreateDbContext() =>
        store.Value.Database.UsesPostgres ? new PostgresConfigurationDbContext(options) : new ConfigurationDbContext(options);
}
