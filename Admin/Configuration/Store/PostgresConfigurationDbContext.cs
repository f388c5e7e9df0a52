using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// <see cref="ConfigurationDbContext"/> on PostgreSQL: the same model, a type of its own only because EF Core keys a
/// migration set by context type. Its migrations (Migrations/Postgres) are generated from the same model as the SQLite
/// ones (Migrations), so both providers always have the same tables. Everything else takes it as a ConfigurationDbContext.
/// </summary>
public sealed class PostgresConfigurationDbContext(DbContextOptions<ConfigurationDbContext> options) : ConfigurationDbContext(options);
