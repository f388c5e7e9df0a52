using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration;

/// <summary>A profile as the list page shows it; <see cref="Stamp"/> is its <see cref="ProfileStamp"/>.</summary>
public sealed record ProfileSummary(string Id, string Title, int? PublishedVersion, bool HasDraft, bool FromSeed, string Stamp);

/// <summary>The outcome of a catalog operation: null error means it was done.</summary>
public sealed record CatalogResult(string? Error)
{
    public static CatalogResult Done { get; } = new((string?)null);

    /// <summary>Refused: the draft or the published profile changed after the caller read it (see <see cref="ProfileStamp"/>).</summary>
    public static CatalogResult Stale { get; } = new("Someone else changed this profile after you opened it.") { IsStale = true };

    /// <summary>Refused: the knowledge base or its draft changed after the caller read it (see <see cref="Knowledge.KnowledgeStamp"/>).</summary>
    public static CatalogResult StaleKnowledgeBase { get; } = new("Someone else changed this knowledge base after you opened it.") { IsStale = true };

    public bool Succeeded => Error is null;
    public bool IsStale { get; private init; }
}

/// <summary>
/// What a profile editor read: the draft at its row version ("d4"), or, with no draft, the published profile at its row
/// version ("p2"). A save, publish or discard names the stamp it was based on and is refused when it is no longer current.
/// </summary>
public static class ProfileStamp
{
    public static string Of(StoredProfileDraft? draft, StoredProfile? live) =>
        draft is not null ? "d" + draft.Text() : live is not null ? "p" + live.Text() : "";
}

/// <summary>
/// Drafts and published versions of profiles. Edits go to a draft that Host never reads; publishing writes a new
/// numbered version and copies it onto the live row in one transaction, so new and refreshed sessions get it at once.
/// </summary>
public sealed class ProfileCatalog(IDbContextFactory<ConfigurationDbContext> contextFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<ProfileSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.Profiles.AsNoTracking().ToListAsync(cancellationToken);
        var drafts = await db.ProfileDrafts.AsNoTracking().ToListAsync(cancellationToken);
        var versions = await db.ProfileVersions.GroupBy(v => v.ProfileId).Select(g => new { Id = g.Key, Number = g.Max(v => v.Number) })
            .ToDictionaryAsync(v => v.Id, v => v.Number, cancellationToken);
        var rows = live.Select(p =>
            {
                var draft = drafts.SingleOrDefault(d => d.ProfileId == p.Id);
                return new ProfileSummary(p.Id, p.Title, versions.TryGetValue(p.Id, out var n) ? n : null, draft is not null, p.FromSeed, ProfileStamp.Of(draft, p));
            })
            .Concat(drafts.Where(d => live.All(p => p.Id != d.ProfileId))
                .Select(d => new ProfileSummary(d.ProfileId, ProfileDocument.FromJson(d.Json).Title, null, true, false, ProfileStamp.Of(d, null))));
        return rows.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The draft if there is one, else the published version; null when the profile does not exist.</summary>
    public async Task<(ProfileDocument Document, bool IsDraft, bool IsPublished, string Stamp)?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.ProfileDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.ProfileId == id, cancellationToken);
        var live = await db.Profiles.AsNoTracking().Include(p => p.Knowledge).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var stamp = ProfileStamp.Of(draft, live);
        if (draft is not null) return (ProfileDocument.FromJson(draft.Json), true, live is not null, stamp);
        if (live is not null) return (ProfileDocument.From(live), false, true, stamp);
        return null;
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.AnyAsync(p => p.Id == id, cancellationToken) || await db.ProfileDrafts.AnyAsync(d => d.ProfileId == id, cancellationToken);
    }

    public async Task<CatalogResult> CreateAsync(string id, ProfileDocument document, string actor, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(id, cancellationToken)) return new CatalogResult($"A profile with the id {id} already exists.");
        return await SaveDraftAsync(id, document, actor, "profile.create", expectedStamp: "", cancellationToken);
    }

    /// <summary>Saves the draft, unless the draft or the profile changed since <paramref name="expectedStamp"/> was read.</summary>
    public Task<CatalogResult> SaveDraftAsync(string id, ProfileDocument document, string actor, string? expectedStamp, CancellationToken cancellationToken) =>
        SaveDraftAsync(id, document, actor, "profile.draft", expectedStamp, cancellationToken);

    private async Task<CatalogResult> SaveDraftAsync(string id, ProfileDocument document, string actor, string action, string? expectedStamp,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.ProfileDrafts.SingleOrDefaultAsync(d => d.ProfileId == id, cancellationToken);
        var live = await db.Profiles.AsNoTracking().Include(p => p.Knowledge).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (ProfileStamp.Of(draft, live) != expectedStamp) return CatalogResult.Stale;
        var before = draft?.Json;
        if (draft is null)
        {
            before = live is null ? null : ProfileDocument.From(live).ToJson();
            draft = new StoredProfileDraft { ProfileId = id, Json = "", UpdatedBy = actor };
            db.ProfileDrafts.Add(draft);
        }

        draft.Json = document.ToJson();
        draft.UpdatedBy = actor;
        draft.UpdatedAt = time.GetUtcNow();
        AuditTrail.Record(db, actor, action, "profile", id, before, draft.Json);
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>A draft written or removed by another save in the meantime (its row version, or its key when both create it) is stale.</summary>
    private static async Task<CatalogResult> SaveAsync(ConfigurationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return CatalogResult.Done;
        }
        catch (DbUpdateException)
        {
            return CatalogResult.Stale;
        }
    }

    public async Task<CatalogResult> DiscardDraftAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.ProfileDrafts.SingleOrDefaultAsync(d => d.ProfileId == id, cancellationToken);
        if (draft is null) return new CatalogResult("There is no draft to discard.");
        if (ProfileStamp.Of(draft, null) != expectedStamp) return CatalogResult.Stale;
        if (!await db.Profiles.AnyAsync(p => p.Id == id, cancellationToken))
            return new CatalogResult("This profile was never published: delete it instead.");
        db.ProfileDrafts.Remove(draft);
        AuditTrail.Record(db, actor, "profile.discard-draft", "profile", id, draft.Json, null);
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>Publishes the draft the caller saw (<paramref name="expectedStamp"/>), not one saved since by someone else.</summary>
    public async Task<CatalogResult> PublishAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.ProfileDrafts.SingleOrDefaultAsync(d => d.ProfileId == id, cancellationToken);
        if (draft is null) return new CatalogResult("There is no draft to publish.");
        if (ProfileStamp.Of(draft, null) != expectedStamp) return CatalogResult.Stale;
        var result = await PublishAsync(db, id, ProfileDocument.FromJson(draft.Json), actor, "profile.publish", cancellationToken);
        if (!result.Succeeded) return result;
        db.ProfileDrafts.Remove(draft);
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>Publishes an old version again, as a new version: history only grows.</summary>
    public async Task<CatalogResult> RestoreAsync(string id, int number, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.ProfileVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ProfileId == id && v.Number == number, cancellationToken);
        if (version is null) return new CatalogResult($"Version {number} of {id} does not exist.");
        var result = await PublishAsync(db, id, ProfileDocument.FromJson(version.Json), actor, $"profile.restore v{number}", cancellationToken);
        if (result.Succeeded) await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    private async Task<CatalogResult> PublishAsync(ConfigurationDbContext db, string id, ProfileDocument document, string actor, string action, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == document.Model, cancellationToken);
        if (model is null) return new CatalogResult($"The model {document.Model} does not exist; choose another before publishing.");
        var references = await GroundingReferences.CheckAsync(db, document, cancellationToken);
        if (references.Count > 0) return new CatalogResult(string.Join(" ", references.Select(r => r.Message)) + " Change it before publishing.");

        var live = await db.Profiles.Include(p => p.Knowledge).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var before = live is null ? null : ProfileDocument.From(live).ToJson();
        if (live is null)
        {
            live = new StoredProfile { Id = id, Title = document.Title, ModelId = document.Model };
            db.Profiles.Add(live);
        }

        document.ApplyTo(db, live);
        live.FromSeed = false;
        var number = (await db.ProfileVersions.Where(v => v.ProfileId == id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        var version = document with { KnowledgeRevisions = await KnowledgePublisher.RevisionsOfAsync(db, document.KnowledgeBases, cancellationToken) };
        db.ProfileVersions.Add(new StoredProfileVersion
        {
            ProfileId = id, Number = number, Json = version.ToJson(), PublishedBy = actor, PublishedAt = time.GetUtcNow(),
        });
        AuditTrail.Record(db, actor, action, "profile", id, before, document.ToJson());
        return CatalogResult.Done;
    }

    public async Task<IReadOnlyList<StoredProfileVersion>> VersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProfileVersions.AsNoTracking().Where(v => v.ProfileId == id).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes the profile as the caller saw it (<paramref name="expectedStamp"/>), not one changed since.</summary>
    public async Task<CatalogResult> DeleteAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = (await db.Platforms.AsNoTracking().ToListAsync(cancellationToken))
            .Where(p => p.Profiles.Contains(id) || p.DefaultProfile == id).Select(p => "platform " + p.Id).ToList();
        var team = await db.TeamAccess.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (team?.ProfileId == id) users.Add("team access");
        if (users.Count > 0) return new CatalogResult($"The profile {id} is used by {string.Join(", ", users)}; change those first.");

        var live = await db.Profiles.Include(p => p.Knowledge).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var draft = await db.ProfileDrafts.SingleOrDefaultAsync(d => d.ProfileId == id, cancellationToken);
        if (live is null && draft is null) return new CatalogResult($"The profile {id} does not exist.");
        if (ProfileStamp.Of(draft, live) != expectedStamp) return CatalogResult.Stale;
        if (live is not null) db.Profiles.Remove(live);
        if (draft is not null) db.ProfileDrafts.Remove(draft);
        db.ProfileVersions.RemoveRange(db.ProfileVersions.Where(v => v.ProfileId == id));
        AuditTrail.Record(db, actor, "profile.delete", "profile", id, live is null ? draft!.Json : ProfileDocument.From(live).ToJson(), null);
        return await SaveAsync(db, cancellationToken);
    }
}
