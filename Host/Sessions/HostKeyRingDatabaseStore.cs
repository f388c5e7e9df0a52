using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The key ring in the single row of the configuration database's HostKeyRing table (PostgreSQL), shared by every
/// instance. Creation is an insert that only one instance can win; a replacement names the revision it read, so two
/// rotations at once cannot silently drop one of the new keys.
/// </summary>
public sealed class HostKeyRingDatabaseStore(IDbContextFactory<ConfigurationDbContext> contexts) : IHostKeyRingStore
{
    public string Location => "the HostKeyRing row of the configuration database";

    public async Task<HostKeyRingRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.HostKeyRings.AsNoTracking()
            .Where(r => r.Id == StoredHostKeyRing.SingletonId)
            .Select(r => new HostKeyRingRecord(r.ProtectedKeys, r.Revision))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<HostKeyRingRecord?> TryCreateAsync(string protectedKeys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.HostKeyRings.Add(new StoredHostKeyRing { ProtectedKeys = protectedKeys, Revision = 1 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new HostKeyRingRecord(protectedKeys, 1);
        }
        catch (DbUpdateException)
        {
            // Another instance inserted its ring first (the primary key lets only one in); anything else is a real failure.
            if (await ReadAsync(cancellationToken) is not null) return null;
            throw;
        }
    }

    public async Task<HostKeyRingRecord?> TryReplaceAsync(HostKeyRingRecord current, string protectedKeys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var next = current.Revision + 1;
        var replaced = await db.HostKeyRings
            .Where(r => r.Id == StoredHostKeyRing.SingletonId && r.Revision == current.Revision)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ProtectedKeys, protectedKeys).SetProperty(r => r.Revision, next), cancellationToken);
        return replaced == 1 ? new HostKeyRingRecord(protectedKeys, next) : null;
    }
}
