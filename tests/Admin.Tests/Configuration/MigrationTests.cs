using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class MigrationTests
{
    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task The_migrations_match_the_model(string provider)
    {
        await using var store = await ConfigurationStoreHarness.StartAsync(provider);
        await using var db = await store.OpenContextAsync();

        // Fails when someone changes an entity without running `dotnet ef migrations add` for both providers.
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestTimeout.Token));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(TestTimeout.Token));
    }

    [Fact]
    public async Task Each_provider_has_its_own_migration_set_from_the_same_model()
    {
        await using var sqlite = ConfigurationStoreHarness.Create();
        await using var postgres = await ConfigurationStoreHarness.CreateAsync(DatabaseProviders.Postgres);
        await using var sqliteDb = await sqlite.OpenContextAsync();
        await using var postgresDb = await postgres.OpenContextAsync();

        Assert.IsType<PostgresConfigurationDbContext>(postgresDb);
        var sqliteMigrations = sqliteDb.Database.GetMigrations().ToList();
        var postgresMigrations = postgresDb.Database.GetMigrations().ToList();
        Assert.Empty(sqliteMigrations.Intersect(postgresMigrations));
        Assert.Contains(postgresMigrations, m => m.EndsWith("_InitialPostgres", StringComparison.Ordinal));

        // Same tables and columns on both: the providers differ in column types only.
        static IEnumerable<string> Columns(DbContext db) => db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(Columns(sqliteDb), Columns(postgresDb));
    }
}
