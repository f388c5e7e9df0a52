using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Applies a seed file (contract §6): upsert by id, nothing deleted, all or nothing. Importing the same
/// file twice writes nothing, so neither the configuration version nor any generation moves.
/// </summary>
public sealed class SeedFileImporter(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    ConfigurationSecretProtector secrets,
    ILogger<SeedFileImporter> logger)
{
    /// <summary>Who the dashboard names as the author of versions written by the seed file.</summary>
    public const string SeedActor = "seed file";

    /// <summary>Reads, validates and applies the file. Returns whether anything changed.</summary>
    /// <exception cref="InvalidSeedFileException">The file is not valid; nothing was written.</exception>
    public async Task<bool> ImportAsync(string path, CancellationToken cancellationToken)
    {
        SeedFileDocument document;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            document = await SeedFileParser.ParseAsync(stream, path, cancellationToken);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var models = await db.Models.ToDictionaryAsync(m => m.Id, StringComparer.Ordinal, cancellationToken);
        var profiles = await db.Profiles.Include(p => p.Knowledge).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var platforms = await db.Platforms.Include(p => p.Keys).Include(p => p.LtiRoleProfiles).AsSplitQuery().ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var team = await db.TeamAccess.SingleOrDefaultAsync(cancellationToken);

        var ltiClients = platforms.Values.Where(p => p.LtiClientId is not null).ToDictionary(p => (p.Issuer, p.LtiClientId!), p => p.Id);
        var existing = new ExistingConfiguration(models.Keys.ToHashSet(), profiles.Keys.ToHashSet(), team?.PasswordHash is not null, ltiClients)
        {
            ModelProviders = models.Values.ToDictionary(m => m.Id, m => m.Provider, StringComparer.Ordinal),
            PublishedKnowledgeBases = (await db.KnowledgeBases.Where(k => k.PublishedRevision != null).Select(k => k.Id).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal),
        };
        var errors = new SeedFileValidator(existing).Check(document).ToList();
        var uploads = await SeedKnowledgeFiles.ReadAsync(document, path, errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw new InvalidSeedFileException(path, errors);
        }

        // Knowledge bases are saved on the way (documents need ids before a revision lists them): one transaction keeps it all or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = new SeedRowWriter(db, secrets);
        foreach (var model in document.Models ?? [])
        {
            rows.ApplyModel(models, model);
        }

        var changed = await SeedKnowledgeImport.ApplyAsync(db, document.KnowledgeBases ?? [], uploads, DateTimeOffset.UtcNow, cancellationToken);

        var versionNumbers = await db.ProfileVersions
            .GroupBy(v => v.ProfileId)
            .Select(g => new { ProfileId = g.Key, Number = g.Max(v => v.Number) })
            .ToDictionaryAsync(v => v.ProfileId, v => v.Number, StringComparer.Ordinal, cancellationToken);
        foreach (var profile in document.Profiles ?? [])
        {
            var before = profiles.TryGetValue(profile.Id!, out var existingProfile) ? ProfileDocument.From(existingProfile) : null;
            rows.ApplyProfile(profiles, profile);
            var after = ProfileDocument.From(profiles[profile.Id!]);
            if (before is null || !before.SameAs(after))
            {
                // The seed file publishes: its change is kept as a version like an administrator's publish.
                var number = versionNumbers.GetValueOrDefault(profile.Id!) + 1;
                versionNumbers[profile.Id!] = number;
                var version = after with { KnowledgeRevisions = await KnowledgePublisher.RevisionsOfAsync(db, after.KnowledgeBases, cancellationToken) };
                db.ProfileVersions.Add(new StoredProfileVersion
                {
                    ProfileId = profile.Id!, Number = number, Json = version.ToJson(), PublishedBy = SeedActor, PublishedAt = DateTimeOffset.UtcNow,
                });
                db.AuditLog.Add(new AuditEntry
                {
                    At = DateTimeOffset.UtcNow, Actor = SeedActor, Action = "profile.publish", TargetType = "profile", TargetId = profile.Id!,
                    Before = before?.ToJson(), After = after.ToJson(),
                });
            }
        }

        foreach (var platform in document.Platforms ?? [])
        {
            rows.ApplyPlatform(platforms, platform);
        }

        if (document.Team is not null)
        {
            rows.ApplyTeam(team, document.Team);
        }

        if (db.ChangeTracker.HasChanges())
        {
            changed = true;
            RecordChangedRows(db, path);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "Seed file {SeedFile} applied ({Models} models, {Profiles} profiles, {Platforms} platforms, {KnowledgeBases} knowledge bases): {Outcome}",
            path, document.Models?.Count ?? 0, document.Profiles?.Count ?? 0, document.Platforms?.Count ?? 0, document.KnowledgeBases?.Count ?? 0,
            changed ? "configuration updated" : "already up to date");
        return changed;
    }

    /// <summary>One audit entry naming the rows the file changed (ids only: a seed file holds secrets).</summary>
    private static void RecordChangedRows(ConfigurationDbContext db, string path)
    {
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        string[] Ids<T>(Func<T, string> id) => entries.Select(e => e.Entity).OfType<T>().Select(id).Distinct().Order().ToArray();
        var models = Ids<StoredModel>(m => m.Id);
        var platforms = Ids<StoredPlatform>(p => p.Id).Union(Ids<StoredPlatformKey>(k => k.PlatformId)).Order().ToArray();
        var team = entries.Any(e => e.Entity is StoredTeamAccess);
        if (models.Length == 0 && platforms.Length == 0 && !team) return;
        AuditTrail.Record(db, SeedActor, "seed.apply", "seed", Path.GetFileName(path), null, new { models, platforms, team });
    }
}
