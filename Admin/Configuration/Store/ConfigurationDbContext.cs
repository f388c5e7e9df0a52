using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Configuration.Usage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// The database of configuration (SQLite, or PostgreSQL through <see cref="PostgresConfigurationDbContext"/>). It derives
/// from the Identity context because the dashboard's administrator accounts live in the same database: one database to
/// back up, one migration history. With PostgreSQL it also holds the Data Protection keys and Host's key ring, which
/// SQLite installations keep as files in the data directory (both tables then stay empty).
/// </summary>
public class ConfigurationDbContext(DbContextOptions<ConfigurationDbContext> options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<StoredModel> Models => Set<StoredModel>();
    public DbSet<StoredProfile> Profiles => Set<StoredProfile>();
    public DbSet<StoredKnowledgeEntry> KnowledgeEntries => Set<StoredKnowledgeEntry>();
    public DbSet<StoredPlatform> Platforms => Set<StoredPlatform>();
    public DbSet<StoredPlatformKey> PlatformKeys => Set<StoredPlatformKey>();
    public DbSet<StoredLtiRoleProfile> LtiRoleProfiles => Set<StoredLtiRoleProfile>();
    public DbSet<StoredLtiRegistrationInvite> LtiRegistrationInvites => Set<StoredLtiRegistrationInvite>();
    public DbSet<StoredTeamAccess> TeamAccess => Set<StoredTeamAccess>();
    public DbSet<ConfigurationVersion> Versions => Set<ConfigurationVersion>();
    public DbSet<StoredProfileVersion> ProfileVersions => Set<StoredProfileVersion>();
    public DbSet<StoredProfileDraft> ProfileDrafts => Set<StoredProfileDraft>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredHostKeyRing> HostKeyRings => Set<StoredHostKeyRing>();
    public DbSet<StoredKnowledgeBase> KnowledgeBases => Set<StoredKnowledgeBase>();
    public DbSet<StoredKnowledgeBaseDraft> KnowledgeBaseDrafts => Set<StoredKnowledgeBaseDraft>();
    public DbSet<StoredKnowledgeBaseRevision> KnowledgeBaseRevisions => Set<StoredKnowledgeBaseRevision>();
    public DbSet<StoredKnowledgeDocument> KnowledgeDocuments => Set<StoredKnowledgeDocument>();
    public DbSet<StoredKnowledgeChunk> KnowledgeChunks => Set<StoredKnowledgeChunk>();
    public DbSet<StoredKnowledgeEmbedding> KnowledgeEmbeddings => Set<StoredKnowledgeEmbedding>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<StoredModel>(model =>
        {
            model.ToTable("Models");
            model.HasKey(m => m.Id);
        });

        builder.Entity<StoredProfile>(profile =>
        {
            profile.ToTable("Profiles");
            profile.HasKey(p => p.Id);
            // A model in use cannot disappear from under a profile.
            profile.HasOne<StoredModel>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Restrict);
            profile.HasMany(p => p.Knowledge).WithOne().HasForeignKey(k => k.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StoredKnowledgeEntry>(entry =>
        {
            entry.ToTable("KnowledgeEntries");
            entry.HasIndex(k => new { k.ProfileId, k.Position });
        });

        builder.Entity<StoredPlatform>(platform =>
        {
            platform.ToTable("Platforms");
            platform.HasKey(p => p.Id);
            platform.HasMany(p => p.Keys).WithOne().HasForeignKey(k => k.PlatformId).OnDelete(DeleteBehavior.Cascade);
            platform.HasMany(p => p.LtiRoleProfiles).WithOne().HasForeignKey(r => r.PlatformId).OnDelete(DeleteBehavior.Cascade);
            // An LTI login names issuer and client id: two platforms with the same pair could not be told apart. Platforms
            // without LTI have a null client id, which unique indexes never compare equal on SQLite or PostgreSQL.
            platform.HasIndex(p => new { p.Issuer, p.LtiClientId }).IsUnique();
        });

        builder.Entity<StoredLtiRoleProfile>(role =>
        {
            role.ToTable("PlatformLtiRoles");
            role.HasIndex(r => new { r.PlatformId, r.Position });
        });

        builder.Entity<StoredLtiRegistrationInvite>(invite =>
        {
            invite.ToTable("LtiRegistrationInvites");
            invite.HasKey(i => i.Id);
            invite.Property(i => i.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            invite.Property(i => i.ExpiresAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            invite.Property(i => i.UsedAt).HasConversion(v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : (long?)null,
                v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
        });

        builder.Entity<StoredPlatformKey>(key =>
        {
            key.ToTable("PlatformKeys");
            key.HasIndex(k => new { k.PlatformId, k.Position });
        });

        builder.Entity<StoredTeamAccess>(team =>
        {
            team.ToTable("TeamAccess");
            team.HasKey(t => t.Id);
            team.Property(t => t.Id).ValueGeneratedNever();
            team.HasData(new StoredTeamAccess { Id = StoredTeamAccess.SingletonId, Enabled = false, Generation = 1 });
        });

        // SQLite cannot compare DateTimeOffset text; Unix milliseconds sort and filter in SQL.
        builder.Entity<StoredProfileVersion>(version =>
        {
            version.ToTable("ProfileVersions");
            version.HasIndex(v => new { v.ProfileId, v.Number }).IsUnique();
            version.Property(v => v.PublishedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<StoredProfileDraft>(draft =>
        {
            draft.ToTable("ProfileDrafts");
            draft.HasKey(d => d.ProfileId);
            draft.Property(d => d.UpdatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditLog");
            entry.HasIndex(e => e.At);
            entry.Property(e => e.At).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");

        builder.Entity<StoredHostKeyRing>(ring =>
        {
            ring.ToTable("HostKeyRing");
            ring.HasKey(r => r.Id);
            ring.Property(r => r.Id).ValueGeneratedNever();
        });

        UsageModel.Configure(builder);
        KnowledgeModel.Configure(builder);

        builder.Entity<ConfigurationVersion>(version =>
        {
            version.ToTable("ConfigurationVersion");
            version.HasKey(v => v.Id);
            version.Property(v => v.Id).ValueGeneratedNever();
            version.HasData(new ConfigurationVersion { Id = ConfigurationVersion.SingletonId, Version = 1 });
        });

        RowVersions.Configure(builder);
    }

    /// <summary>
    /// Every save that touches configuration bumps the version stamp in the same transaction, so other
    /// processes notice it, and tells this process's live configuration at once after the commit.
    /// Identity-only saves (logins, accounts) leave the stamp alone. Every edited row's <see cref="IVersionedRow.RowVersion"/>
    /// goes up by one, so a form read before this save can no longer overwrite it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        RowVersions.Bump(ChangeTracker);
        if (!HasConfigurationChanges())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        await using (ownTransaction)
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await BumpVersionAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            // With a caller's own transaction the commit is still to come; the version stamp then lets the
            // next refresh pick the change up even if a reload now sees the old rows.
            NotifyLiveConfiguration();
            return written;
        }
    }

    /// <summary>Configuration writes must go through <see cref="SaveChangesAsync(bool, CancellationToken)"/>.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (HasConfigurationChanges())
        {
            // The version bump is async I/O; blocking on it here would hide a sync-over-async stall.
            throw new NotSupportedException("Configuration changes must be saved with SaveChangesAsync, which bumps the configuration version.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private bool HasConfigurationChanges()
    {
        ChangeTracker.DetectChanges();
        return ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is StoredModel or StoredProfile or StoredKnowledgeEntry or StoredPlatform or StoredPlatformKey or StoredLtiRoleProfile
                or StoredTeamAccess or StoredKnowledgeBase);
    }

    private Task<int> BumpVersionAsync(CancellationToken cancellationToken) =>
        // One atomic statement: two processes saving at once both bump, neither bump is lost. The same text runs on
        // SQLite and PostgreSQL; the qualified column keeps PostgreSQL from reading "Version" as the proposed row's.
        Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "ConfigurationVersion" ("Id", "Version") VALUES (1, 2)
            ON CONFLICT ("Id") DO UPDATE SET "Version" = "ConfigurationVersion"."Version" + 1
            """,
            cancellationToken);

    private void NotifyLiveConfiguration()
    {
        // EF's context factory constructs the context from its options alone, so the notifier cannot be a
        // constructor parameter; it is reached through the application service provider EF records instead.
        // A context built without DI (another process, design time) simply has nobody to notify.
        var services = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        // Every notifier: this process's live configuration, and (with Redis) the one that tells the other instances.
        foreach (var notifier in services?.GetServices<IConfigurationChangeNotifier>() ?? []) notifier.NotifyChanged();
    }
}
