using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Moves a SQLite installation to PostgreSQL: every table of the model (configuration, profile versions and drafts, audit
/// log, administrators with their two-factor keys and recovery codes), the Data Protection keys from DataDirectory/keys
/// and Host's key ring file, into an empty, freshly migrated PostgreSQL database, in one transaction. Rows are copied as
/// stored, secrets as their ciphertext: with the keys copied too, every instance on PostgreSQL decrypts them.
/// </summary>
internal sealed class SqliteToPostgresCopy(
    IDbContextFactory<ConfigurationDbContext> sourceContexts,
    IOptions<ConfigurationStoreOptions> options,
    ILogger<SqliteToPostgresCopy> logger)
{
    public const string DataProtectionKeysTable = "DataProtectionKeys";
    public const string HostKeyRingTable = "HostKeyRing";

    private static readonly MethodInfo CopyRowsMethod = typeof(SqliteToPostgresCopy).GetMethod(nameof(CopyRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CountRowsMethod = typeof(SqliteToPostgresCopy).GetMethod(nameof(CountRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <param name="hostKeyRingFile">Host's <c>host-keys.json</c>; it does not exist until Host has started once.</param>
    /// <exception cref="DatabaseCopyRefusedException">The target already holds data; nothing was written.</exception>
    /// <exception cref="ConfigurationDatabaseUnavailableException">The target cannot be reached or used.</exception>
    public async Task<DatabaseCopyReport> CopyAsync(string targetConnectionString, string? hostKeyRingFile, CancellationToken cancellationToken)
    {
        try
        {
            // The lock Host takes at start: a Host starting on the target meanwhile waits, then finds the copy complete.
            await using var startupLock = await PostgresStartupLock.AcquireAsync(targetConnectionString, logger, cancellationToken);
            await using var target = new PostgresConfigurationDbContext(
                new DbContextOptionsBuilder<ConfigurationDbContext>().UseNpgsql(targetConnectionString).Options);
            await target.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await target.Database.MigrateAsync(cancellationToken);

            var existing = await CountAsync(target, cancellationToken);
            if (!existing.IsEmpty)
            {
                throw new DatabaseCopyRefusedException(
                    $"The PostgreSQL database already holds ChatWidget data ({existing}). The copy writes only into an empty database " +
                    "(one no Host has started on yet), so nothing was copied.");
            }

            await using var source = await sourceContexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);
            // Migrations seed these singletons with defaults; the source's rows replace them.
            foreach (var seeded in SeededTables(target))
            {
                var delete = string.Concat("DELETE FROM ", Quote(seeded.GetTableName()!)); // a name from the model, never input
                await target.Database.ExecuteSqlRawAsync(delete, cancellationToken);
            }

            var copied = new List<KeyValuePair<string, int>>();
            foreach (var entityType in Tables(source))
            {
                var rows = await (Task<int>)CopyRowsMethod.MakeGenericMethod(entityType.ClrType).Invoke(null, [source, target, cancellationToken])!;
                copied.Add(new(entityType.GetTableName()!, rows));
            }

            copied.RemoveAll(t => t.Key is DataProtectionKeysTable or HostKeyRingTable);
            copied.Add(new(DataProtectionKeysTable, await CopyDataProtectionKeysAsync(target, cancellationToken)));
            copied.Add(new(HostKeyRingTable, await CopyHostKeyRingAsync(target, hostKeyRingFile, cancellationToken)));

            await target.SaveChangesAsync(cancellationToken);
            await RestartIdentitySequencesAsync(target, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DatabaseCopyReport(copied);
        }
        catch (Exception e) when (e is NpgsqlException || e.InnerException is NpgsqlException)
        {
            throw ConfigurationDatabaseUnavailableException.From("--to-postgres", targetConnectionString, e);
        }
    }

    /// <summary>Rows per table, leaving out the singletons every migrated database has.</summary>
    public static async Task<DatabaseCopyReport> CountAsync(ConfigurationDbContext db, CancellationToken cancellationToken)
    {
        var seeded = SeededTables(db).ToHashSet();
        var counts = new List<KeyValuePair<string, int>>();
        foreach (var entityType in Tables(db).Where(t => !seeded.Contains(t)))
        {
            var rows = await (Task<int>)CountRowsMethod.MakeGenericMethod(entityType.ClrType).Invoke(null, [db, cancellationToken])!;
            counts.Add(new(entityType.GetTableName()!, rows));
        }

        return new DatabaseCopyReport(counts);
    }

    /// <summary>Every table of the model, so that a table added later is copied without a change here.</summary>
    private static IEnumerable<IEntityType> Tables(DbContext db) =>
        db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).OrderBy(t => t.GetTableName(), StringComparer.Ordinal);

    /// <summary>The singleton rows the migrations insert (HasData), present in every migrated database.</summary>
    private static IEnumerable<IEntityType> SeededTables(DbContext db) =>
        Tables(db).Where(t => t.ClrType == typeof(StoredTeamAccess) || t.ClrType == typeof(ConfigurationVersion));

    private static async Task<int> CopyRowsAsync<TEntity>(ConfigurationDbContext source, ConfigurationDbContext target, CancellationToken cancellationToken)
        where TEntity : class
    {
        var rows = await source.Set<TEntity>().AsNoTracking().ToListAsync(cancellationToken);
        target.Set<TEntity>().AddRange(rows);
        return rows.Count;
    }

    private static Task<int> CountRowsAsync<TEntity>(ConfigurationDbContext db, CancellationToken cancellationToken) where TEntity : class =>
        db.Set<TEntity>().CountAsync(cancellationToken);

    /// <summary>Each <c>key-*.xml</c> of DataDirectory/keys becomes a row, as PersistKeysToDbContext would have stored it.</summary>
    private async Task<int> CopyDataProtectionKeysAsync(ConfigurationDbContext target, CancellationToken cancellationToken)
    {
        var directory = options.Value.KeysDirectory;
        if (!Directory.Exists(directory)) return 0;
        var files = Directory.GetFiles(directory, "*.xml").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var element = XElement.Parse(await File.ReadAllTextAsync(file, cancellationToken));
            target.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file),
                Xml = element.ToString(SaveOptions.DisableFormatting),
            });
        }

        return files.Count;
    }

    /// <summary>The protected ring moves byte for byte: it decrypts with the Data Protection keys copied beside it.</summary>
    private static async Task<int> CopyHostKeyRingAsync(ConfigurationDbContext target, string? hostKeyRingFile, CancellationToken cancellationToken)
    {
        if (hostKeyRingFile is null || !File.Exists(hostKeyRingFile)) return 0;
        target.HostKeyRings.Add(new StoredHostKeyRing { ProtectedKeys = await File.ReadAllTextAsync(hostKeyRingFile, cancellationToken), Revision = 1 });
        return 1;
    }

    /// <summary>Rows kept their ids; identity columns must continue after the largest one, not collide with it.</summary>
    private static async Task RestartIdentitySequencesAsync(ConfigurationDbContext target, CancellationToken cancellationToken)
    {
        foreach (var entityType in Tables(target))
        {
            if (entityType.FindPrimaryKey()?.Properties is not [var key] || key.ValueGenerated != ValueGenerated.OnAdd
                || (key.ClrType != typeof(int) && key.ClrType != typeof(long)))
            {
                continue;
            }

            var table = Quote(entityType.GetTableName()!);
            var column = Quote(key.GetColumnName());
            // Names come from the model, never from input.
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"SELECT setval(pg_get_serial_sequence('{table}', '{key.GetColumnName()}'), (SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}), false)");
            await target.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
