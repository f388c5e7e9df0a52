using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Optimistic concurrency for the rows the dashboard edits: an integer column, a concurrency token on SQLite and
/// PostgreSQL alike, bumped by <see cref="ConfigurationDbContext"/> on every save. Child rows (a platform's keys and LTI
/// role mappings, a profile's knowledge) carry no version of their own: changing one bumps the parent, which is edited
/// as a whole.
/// </summary>
public static class RowVersions
{
    public static void Configure(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersionedRow).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersionedRow.RowVersion)).IsConcurrencyToken();
        }
    }

    /// <summary>The version as a form carries it in its hidden field.</summary>
    public static string Text(this IVersionedRow row) => row.RowVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a form's hidden version is the row's version now; a missing or garbled one never matches.</summary>
    public static bool Matches(this IVersionedRow row, string? posted) =>
        long.TryParse(posted, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version == row.RowVersion;

    /// <summary>Adds one to the version of every changed row, and of the parent of every changed child row.</summary>
    internal static void Bump(ChangeTracker tracker)
    {
        var changed = tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var rows = changed.Where(e => e is { Entity: IVersionedRow, State: EntityState.Modified })
            .Concat(changed.Select(child => ParentOf(tracker, child.Entity)).OfType<EntityEntry>()
                .Where(parent => parent.State is EntityState.Unchanged or EntityState.Modified))
            .Distinct();
        foreach (var row in rows)
        {
            var version = row.Property(nameof(IVersionedRow.RowVersion));
            version.CurrentValue = (long)version.OriginalValue! + 1;
        }
    }

    private static EntityEntry? ParentOf(ChangeTracker tracker, object child) => child switch
    {
        StoredPlatformKey key => tracker.Entries<StoredPlatform>().FirstOrDefault(p => p.Entity.Id == key.PlatformId),
        StoredLtiRoleProfile role => tracker.Entries<StoredPlatform>().FirstOrDefault(p => p.Entity.Id == role.PlatformId),
        StoredKnowledgeEntry entry => tracker.Entries<StoredProfile>().FirstOrDefault(p => p.Entity.Id == entry.ProfileId),
        _ => null,
    };
}
