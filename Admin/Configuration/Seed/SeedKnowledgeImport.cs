using System.Security.Cryptography;
using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Applies a validated seed file's knowledge bases inside the importer's transaction: upsert by id, documents reused
/// when their bytes and name are unchanged, and a new revision published only when the content changed, so that a
/// re-import of the same file writes nothing.
/// </summary>
internal static class SeedKnowledgeImport
{
    /// <returns>Whether anything was written.</returns>
    public static async Task<bool> ApplyAsync(ConfigurationDbContext db, IEnumerable<SeedKnowledgeBase> seeds, IReadOnlyDictionary<SeedKnowledgeDocument, SeedUpload> uploads,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var seed in seeds)
        {
            var id = seed.Id!;
            var row = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (row is null)
            {
                row = new StoredKnowledgeBase { Id = id, Title = seed.Title!, Language = seed.Language ?? KnowledgeLanguages.Default };
                db.KnowledgeBases.Add(row);
            }

            var stored = await db.KnowledgeDocuments.Where(d => d.KnowledgeBaseId == id).ToListAsync(cancellationToken);
            var listed = new List<(StoredKnowledgeDocument Row, SeedKnowledgeDocument Seed)>();
            foreach (var document in seed.Documents ?? [])
            {
                var upload = uploads[document];
                var sha = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
                var match = stored.FirstOrDefault(d => d.Sha256 == sha && d.FileName == upload.FileName);
                if (match is null)
                {
                    match = KnowledgeCatalog.NewDocument(id, upload.FileName, upload.Content, upload.Extracted, SeedFileImporter.SeedActor, now);
                    db.KnowledgeDocuments.Add(match);
                    stored.Add(match);
                }

                listed.Add((match, document));
            }

            // New documents need their ids before a revision can list them.
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
                changed = true;
            }

            var content = new KnowledgeBaseContent
            {
                Title = seed.Title!,
                Language = seed.Language ?? KnowledgeLanguages.Default,
                Documents = listed.Select(d => new KnowledgeDocumentRef(d.Row.Id, d.Seed.Title!, d.Seed.Url)).ToArray(),
                Entries = (seed.Entries ?? []).Select(e => new KnowledgeEntry(e.Q!, e.A!)).ToArray(),
            };
            var published = await db.KnowledgeBaseRevisions.AsNoTracking().Where(r => r.KnowledgeBaseId == id && r.Number == row.PublishedRevision)
                .Select(r => r.Json).SingleOrDefaultAsync(cancellationToken);
            if (published is not null && KnowledgeBaseContent.FromJson(published).SameAs(content)) continue;
            await KnowledgePublisher.PublishAsync(db, row, content, SeedFileImporter.SeedActor, "knowledge.publish", now, cancellationToken);
            row.FromSeed = true;
            await db.SaveChangesAsync(cancellationToken);
            changed = true;
        }

        return changed;
    }
}
