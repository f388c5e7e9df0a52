using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// Publishes a knowledge base inside the caller's transaction: a new numbered revision, the base's chunks replaced by
/// the revision's, and a new version of every profile attached to the base recording the revisions it answers from.
/// Shared by <see cref="KnowledgeCatalog"/> and the seed file importer, so both publish the same way.
/// </summary>
internal static class KnowledgePublisher
{
    /// <returns>The new revision number.</returns>
    public static async Task<int> PublishAsync(ConfigurationDbContext db, StoredKnowledgeBase knowledgeBase, KnowledgeBaseContent content,
        string actor, string action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = knowledgeBase.Id;
        var ids = content.Documents.Select(d => d.DocumentId).ToList();
        var documents = await db.KnowledgeDocuments.AsNoTracking().Where(d => d.KnowledgeBaseId == id && ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var chunks = KnowledgeChunkBuilder.Build(id, content, documents);

        var number = (await db.KnowledgeBaseRevisions.Where(r => r.KnowledgeBaseId == id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0) + 1;
        var before = knowledgeBase.PublishedRevision;
        db.KnowledgeBaseRevisions.Add(new StoredKnowledgeBaseRevision
        {
            KnowledgeBaseId = id, Number = number, Json = content.ToJson(), PublishedBy = actor, PublishedAt = now,
        });
        knowledgeBase.Title = content.Title;
        knowledgeBase.Language = content.Language;
        knowledgeBase.PublishedRevision = number;

        // Set-based, so the index triggers see every deleted row; the new rows follow in the same transaction.
        await db.KnowledgeChunks.Where(c => c.KnowledgeBaseId == id).ExecuteDeleteAsync(cancellationToken);
        db.KnowledgeChunks.AddRange(chunks);
        AuditTrail.Record(db, actor, action, "knowledge", id,
            before is null ? null : new { revision = before },
            new { revision = number, documents = content.Documents.Count, entries = content.Entries.Count, chunks = chunks.Count });
        await AppendProfileVersionsAsync(db, id, actor, now, cancellationToken);
        return number;
    }

    /// <summary>The published revision of each of <paramref name="knowledgeBaseIds"/> that has one.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> RevisionsOfAsync(ConfigurationDbContext db, IReadOnlyList<string> knowledgeBaseIds,
        CancellationToken cancellationToken)
    {
        if (knowledgeBaseIds.Count == 0) return new Dictionary<string, int>();
        // Tracked rows win over the database, so a revision published in this unit of work counts.
        var tracked = db.ChangeTracker.Entries<StoredKnowledgeBase>().Select(e => e.Entity).Where(k => knowledgeBaseIds.Contains(k.Id)).ToList();
        var stored = await db.KnowledgeBases.AsNoTracking().Where(k => knowledgeBaseIds.Contains(k.Id)).ToListAsync(cancellationToken);
        return tracked.Concat(stored.Where(s => tracked.All(t => t.Id != s.Id)))
            .Where(k => k.PublishedRevision is not null)
            .ToDictionary(k => k.Id, k => k.PublishedRevision!.Value, StringComparer.Ordinal);
    }

    private static async Task AppendProfileVersionsAsync(ConfigurationDbContext db, string knowledgeBaseId, string actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var profiles = (await db.Profiles.AsNoTracking().Include(p => p.Knowledge).ToListAsync(cancellationToken))
            .Where(p => p.KnowledgeBaseIds.Contains(knowledgeBaseId)).ToList();
        if (profiles.Count == 0) return;
        var numbers = await db.ProfileVersions.GroupBy(v => v.ProfileId).Select(g => new { Id = g.Key, Number = g.Max(v => v.Number) })
            .ToDictionaryAsync(v => v.Id, v => v.Number, cancellationToken);
        foreach (var profile in profiles)
        {
            var document = ProfileDocument.From(profile) with
            {
                KnowledgeRevisions = await RevisionsOfAsync(db, profile.KnowledgeBaseIds, cancellationToken),
            };
            db.ProfileVersions.Add(new StoredProfileVersion
            {
                ProfileId = profile.Id, Number = numbers.GetValueOrDefault(profile.Id) + 1, Json = document.ToJson(), PublishedBy = actor, PublishedAt = now,
            });
            AuditTrail.Record(db, actor, "profile.knowledge-revision", "profile", profile.Id, null, new { knowledge = document.KnowledgeRevisions });
        }
    }
}
