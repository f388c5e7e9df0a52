using System.Security.Cryptography;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// Knowledge bases for the dashboard, like <see cref="ProfileCatalog"/> for profiles. Edits (title, language, the
/// documents' titles, URLs and order, entries, uploads) go to a draft that Host never reads; publishing writes a new
/// numbered revision, replaces the base's chunks in the index and appends a version to every attached profile, in one
/// transaction. Every change names the <see cref="KnowledgeStamp"/> it was based on and is refused
/// (<see cref="CatalogResult.IsStale"/>) when someone changed the base since; every change is audited.
/// </summary>
public sealed class KnowledgeCatalog(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    IEnumerable<IConfigurationChangeNotifier> notifiers,
    TimeProvider time)
{
    public async Task<IReadOnlyList<KnowledgeBaseSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var bases = await db.KnowledgeBases.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        var drafts = await db.KnowledgeBaseDrafts.AsNoTracking().ToDictionaryAsync(d => d.KnowledgeBaseId, cancellationToken);
        var revisions = await db.KnowledgeBaseRevisions.AsNoTracking()
            .Where(r => db.KnowledgeBases.Any(k => k.Id == r.KnowledgeBaseId && k.PublishedRevision == r.Number))
            .ToDictionaryAsync(r => r.KnowledgeBaseId, cancellationToken);
        return bases.Select(k =>
        {
            var draft = drafts.GetValueOrDefault(k.Id);
            var json = draft?.Json ?? revisions.GetValueOrDefault(k.Id)?.Json;
            var content = json is null ? new KnowledgeBaseContent { Title = k.Title, Language = k.Language } : KnowledgeBaseContent.FromJson(json);
            return new KnowledgeBaseSummary(k.Id, content.Title, content.Language, k.PublishedRevision, draft is not null, k.FromSeed,
                content.Documents.Count, content.Entries.Count, KnowledgeStamp.Of(draft, k));
        }).ToList();
    }

    /// <summary>The draft if there is one, else the published revision; null when the base does not exist.</summary>
    public async Task<KnowledgeBaseView?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (knowledgeBase is null) return null;
        var draft = await db.KnowledgeBaseDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.KnowledgeBaseId == id, cancellationToken);
        var content = draft is not null ? KnowledgeBaseContent.FromJson(draft.Json) : await PublishedContentAsync(db, knowledgeBase, cancellationToken);
        var ids = content.Documents.Select(d => d.DocumentId).ToList();
        var files = await db.KnowledgeDocuments.AsNoTracking().Where(d => d.KnowledgeBaseId == id && ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, KnowledgeDocumentFile.From, cancellationToken);
        return new KnowledgeBaseView(id, content, draft is not null, knowledgeBase.PublishedRevision, knowledgeBase.FromSeed, KnowledgeStamp.Of(draft, knowledgeBase), files);
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeBases.AnyAsync(k => k.Id == id, cancellationToken);
    }

    /// <summary>A new, empty, unpublished base with a draft; <paramref name="id"/> follows the profile id rule.</summary>
    public async Task<CatalogResult> CreateAsync(string id, string title, string language, string actor, CancellationToken cancellationToken)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9._-]{0,63}$"))
            return new CatalogResult("Id: use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        var content = new KnowledgeBaseContent { Title = title.Trim(), Language = language };
        if (KnowledgeBaseRules.Check(content, new HashSet<long>()) is { Count: > 0 } errors) return new CatalogResult(string.Join(" ", errors));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.KnowledgeBases.AnyAsync(k => k.Id == id, cancellationToken)) return new CatalogResult($"A knowledge base with the id {id} already exists.");
        db.KnowledgeBases.Add(new StoredKnowledgeBase { Id = id, Title = content.Title, Language = language });
        db.KnowledgeBaseDrafts.Add(new StoredKnowledgeBaseDraft { KnowledgeBaseId = id, Json = content.ToJson(), UpdatedBy = actor, UpdatedAt = time.GetUtcNow() });
        AuditTrail.Record(db, actor, "knowledge.create", "knowledge", id, null, content.ToJson());
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>Saves the draft (documents must be uploads of this base; see <see cref="KnowledgeBaseRules"/>), unless it changed since <paramref name="expectedStamp"/>.</summary>
    public async Task<CatalogResult> SaveDraftAsync(string id, KnowledgeBaseContent content, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.KnowledgeDocuments.Where(d => d.KnowledgeBaseId == id).Select(d => d.Id).ToListAsync(cancellationToken);
        if (KnowledgeBaseRules.Check(content, ids.ToHashSet()) is { Count: > 0 } errors) return new CatalogResult(string.Join(" ", errors));
        var edit = await OpenDraftAsync(db, id, expectedStamp, actor, cancellationToken);
        if (edit.Error is not null) return edit.Error;
        return await SaveDraftAsync(db, edit.Draft!, edit.Before, content, actor, "knowledge.draft", cancellationToken);
    }

    /// <summary>
    /// Reads an upload (<see cref="KnowledgeDocumentReader"/>), stores its text as a document of this base and appends it
    /// to the draft, titled <paramref name="title"/> or else the document's own title or file name. An unreadable file
    /// is refused with the reader's message, and nothing changes.
    /// </summary>
    public async Task<KnowledgeDocumentAdded> AddDocumentAsync(string id, string fileName, byte[] content, string? title, string? url, string actor,
        string? expectedStamp, CancellationToken cancellationToken)
    {
        ExtractedDocument extracted;
        try
        {
            extracted = KnowledgeDocumentReader.Read(fileName, content);
        }
        catch (UnreadableDocumentException e)
        {
            return new KnowledgeDocumentAdded(new CatalogResult(e.Message), null, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var edit = await OpenDraftAsync(db, id, expectedStamp, actor, cancellationToken);
        if (edit.Error is not null) return new KnowledgeDocumentAdded(edit.Error, null, null);
        var row = NewDocument(id, fileName, content, extracted, actor, time.GetUtcNow());
        db.KnowledgeDocuments.Add(row);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Saved first for its id; the transaction keeps it out of sight until the draft lists it.
        if (await SaveAsync(db, cancellationToken) is { Succeeded: false } stale) return new KnowledgeDocumentAdded(stale, null, null);
        var displayTitle = !string.IsNullOrWhiteSpace(title) ? title.Trim() : extracted.SuggestedTitle ?? Path.GetFileNameWithoutExtension(fileName);
        var reference = new KnowledgeDocumentRef(row.Id, displayTitle, string.IsNullOrWhiteSpace(url) ? null : url.Trim());
        var draft = KnowledgeBaseContent.FromJson(edit.Draft!.Json);
        var updated = draft with { Documents = [.. draft.Documents, reference] };
        if (KnowledgeBaseRules.Check(updated, new HashSet<long>(updated.Documents.Select(d => d.DocumentId))) is { Count: > 0 } errors)
            return new KnowledgeDocumentAdded(new CatalogResult(string.Join(" ", errors)), null, null);
        var result = await SaveDraftAsync(db, edit.Draft, edit.Before, updated, actor, $"knowledge.add-document {fileName}", cancellationToken);
        if (!result.Succeeded) return new KnowledgeDocumentAdded(result, null, null);
        await transaction.CommitAsync(cancellationToken);
        return new KnowledgeDocumentAdded(result, reference, KnowledgeStamp.Of(edit.Draft, null));
    }

    /// <summary>Takes a document out of the draft. Its row stays: older revisions still list it.</summary>
    public async Task<CatalogResult> RemoveDocumentAsync(string id, long documentId, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var edit = await OpenDraftAsync(db, id, expectedStamp, actor, cancellationToken);
        if (edit.Error is not null) return edit.Error;
        var content = KnowledgeBaseContent.FromJson(edit.Draft!.Json);
        if (content.Documents.All(d => d.DocumentId != documentId)) return new CatalogResult($"Document {documentId} is not in this draft.");
        var updated = content with { Documents = content.Documents.Where(d => d.DocumentId != documentId).ToArray() };
        return await SaveDraftAsync(db, edit.Draft, edit.Before, updated, actor, "knowledge.remove-document", cancellationToken);
    }

    /// <summary>Publishes the draft the caller saw (<paramref name="expectedStamp"/>) as a new revision; Host searches it at once.</summary>
    public async Task<CatalogResult> PublishAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.KnowledgeBaseDrafts.SingleOrDefaultAsync(d => d.KnowledgeBaseId == id, cancellationToken);
        if (draft is null) return new CatalogResult("There is no draft to publish.");
        if (KnowledgeStamp.Of(draft, null) != expectedStamp) return CatalogResult.StaleKnowledgeBase;
        db.KnowledgeBaseDrafts.Remove(draft);
        return await PublishAsync(db, id, KnowledgeBaseContent.FromJson(draft.Json), actor, "knowledge.publish", cancellationToken);
    }

    /// <summary>Publishes an old revision again, as a new revision: history only grows. A draft, if any, is kept.</summary>
    public async Task<CatalogResult> RestoreAsync(string id, int number, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.KnowledgeBaseRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.KnowledgeBaseId == id && r.Number == number, cancellationToken);
        if (revision is null) return new CatalogResult($"Revision {number} of {id} does not exist.");
        return await PublishAsync(db, id, KnowledgeBaseContent.FromJson(revision.Json), actor, $"knowledge.restore r{number}", cancellationToken);
    }

    public async Task<CatalogResult> DiscardDraftAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var draft = await db.KnowledgeBaseDrafts.SingleOrDefaultAsync(d => d.KnowledgeBaseId == id, cancellationToken);
        if (draft is null) return new CatalogResult("There is no draft to discard.");
        if (KnowledgeStamp.Of(draft, null) != expectedStamp) return CatalogResult.StaleKnowledgeBase;
        if (!await db.KnowledgeBases.AnyAsync(k => k.Id == id && k.PublishedRevision != null, cancellationToken))
            return new CatalogResult("This knowledge base was never published: delete it instead.");
        db.KnowledgeBaseDrafts.Remove(draft);
        AuditTrail.Record(db, actor, "knowledge.discard-draft", "knowledge", id, draft.Json, null);
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>Every published revision, newest first.</summary>
    public async Task<IReadOnlyList<StoredKnowledgeBaseRevision>> RevisionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeBaseRevisions.AsNoTracking().Where(r => r.KnowledgeBaseId == id).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The fields that differ between revisions <paramref name="a"/> and <paramref name="b"/>; null when either does not exist.</summary>
    public async Task<IReadOnlyList<(string Field, string Left, string Right)>?> CompareAsync(string id, int a, int b, CancellationToken cancellationToken)
    {
        var revisions = await RevisionsAsync(id, cancellationToken);
        var left = revisions.FirstOrDefault(r => r.Number == a);
        var right = revisions.FirstOrDefault(r => r.Number == b);
        return left is null || right is null ? null : KnowledgeBaseContent.FromJson(left.Json).Compare(KnowledgeBaseContent.FromJson(right.Json));
    }

    /// <summary>Deletes the base with its documents, revisions and chunks; refused while a profile (published or draft) names it.</summary>
    public async Task<CatalogResult> DeleteAsync(string id, string actor, string? expectedStamp, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = (await db.Profiles.AsNoTracking().ToListAsync(cancellationToken)).Where(p => p.KnowledgeBaseIds.Contains(id)).Select(p => "profile " + p.Id)
            .Concat((await db.ProfileDrafts.AsNoTracking().ToListAsync(cancellationToken))
                .Where(d => ProfileDocument.FromJson(d.Json).KnowledgeBases.Contains(id)).Select(d => $"profile {d.ProfileId} (draft)"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (users.Count > 0) return new CatalogResult($"The knowledge base {id} is used by {string.Join(", ", users)}; change those first.");
        var knowledgeBase = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (knowledgeBase is null) return new CatalogResult($"The knowledge base {id} does not exist.");
        var draft = await db.KnowledgeBaseDrafts.SingleOrDefaultAsync(d => d.KnowledgeBaseId == id, cancellationToken);
        if (KnowledgeStamp.Of(draft, knowledgeBase) != expectedStamp) return CatalogResult.StaleKnowledgeBase;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.KnowledgeChunks.Where(c => c.KnowledgeBaseId == id).ExecuteDeleteAsync(cancellationToken);
        if (draft is not null) db.KnowledgeBaseDrafts.Remove(draft);
        db.KnowledgeBases.Remove(knowledgeBase);
        AuditTrail.Record(db, actor, "knowledge.delete", "knowledge", id, new { knowledgeBase.Title, revision = knowledgeBase.PublishedRevision }, null);
        return await CommitAsync(db, transaction, cancellationToken);
    }

    internal static StoredKnowledgeDocument NewDocument(string knowledgeBaseId, string fileName, byte[] content, ExtractedDocument extracted, string actor,
        DateTimeOffset now) => new()
    {
        KnowledgeBaseId = knowledgeBaseId, FileName = Path.GetFileName(fileName), Format = extracted.Format.ToString(), ByteCount = content.Length,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), SectionsJson = KnowledgeChunkBuilder.SectionsToJson(extracted.Sections),
        AddedBy = actor, AddedAt = now,
    };

    private static async Task<KnowledgeBaseContent> PublishedContentAsync(ConfigurationDbContext db, StoredKnowledgeBase knowledgeBase, CancellationToken cancellationToken)
    {
        var json = await db.KnowledgeBaseRevisions.AsNoTracking()
            .Where(r => r.KnowledgeBaseId == knowledgeBase.Id && r.Number == knowledgeBase.PublishedRevision).Select(r => r.Json)
            .SingleOrDefaultAsync(cancellationToken);
        return json is null ? new KnowledgeBaseContent { Title = knowledgeBase.Title, Language = knowledgeBase.Language } : KnowledgeBaseContent.FromJson(json);
    }

    /// <summary>The tracked draft to edit (made from the published revision when there is none), if the stamp is current.</summary>
    private async Task<(StoredKnowledgeBaseDraft? Draft, string? Before, CatalogResult? Error)> OpenDraftAsync(ConfigurationDbContext db, string id,
        string? expectedStamp, string actor, CancellationToken cancellationToken)
    {
        var knowledgeBase = await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (knowledgeBase is null) return (null, null, new CatalogResult($"The knowledge base {id} does not exist."));
        var draft = await db.KnowledgeBaseDrafts.SingleOrDefaultAsync(d => d.KnowledgeBaseId == id, cancellationToken);
        if (KnowledgeStamp.Of(draft, knowledgeBase) != expectedStamp) return (null, null, CatalogResult.StaleKnowledgeBase);
        if (draft is not null) return (draft, draft.Json, null);
        var published = (await PublishedContentAsync(db, knowledgeBase, cancellationToken)).ToJson();
        draft = new StoredKnowledgeBaseDraft { KnowledgeBaseId = id, Json = published, UpdatedBy = actor, UpdatedAt = time.GetUtcNow() };
        db.KnowledgeBaseDrafts.Add(draft);
        return (draft, published, null);
    }

    private async Task<CatalogResult> SaveDraftAsync(ConfigurationDbContext db, StoredKnowledgeBaseDraft draft, string? before, KnowledgeBaseContent content,
        string actor, string action, CancellationToken cancellationToken)
    {
        draft.Json = content.ToJson();
        draft.UpdatedBy = actor;
        draft.UpdatedAt = time.GetUtcNow();
        AuditTrail.Record(db, actor, action, "knowledge", draft.KnowledgeBaseId, before, draft.Json);
        return await SaveAsync(db, cancellationToken);
    }

    private async Task<CatalogResult> PublishAsync(ConfigurationDbContext db, string id, KnowledgeBaseContent content, string actor, string action,
        CancellationToken cancellationToken)
    {
        var knowledgeBase = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (knowledgeBase is null) return new CatalogResult($"The knowledge base {id} does not exist.");
        var ids = await db.KnowledgeDocuments.Where(d => d.KnowledgeBaseId == id).Select(d => d.Id).ToListAsync(cancellationToken);
        if (KnowledgeBaseRules.Check(content, ids.ToHashSet()) is { Count: > 0 } errors) return new CatalogResult(string.Join(" ", errors));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await KnowledgePublisher.PublishAsync(db, knowledgeBase, content, actor, action, time.GetUtcNow(), cancellationToken);
        knowledgeBase.FromSeed = false;
        return await CommitAsync(db, transaction, cancellationToken);
    }

    private async Task<CatalogResult> CommitAsync(ConfigurationDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        CancellationToken cancellationToken)
    {
        var result = await SaveAsync(db, cancellationToken);
        if (!result.Succeeded) return result;
        await transaction.CommitAsync(cancellationToken);
        // The context notified before the commit; now the rows are there for a reload to see.
        foreach (var notifier in notifiers) notifier.NotifyChanged();
        return result;
    }

    /// <summary>A row written or removed by another save in the meantime (its row version, or its key) makes the change stale.</summary>
    private static async Task<CatalogResult> SaveAsync(ConfigurationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return CatalogResult.Done;
        }
        catch (DbUpdateException)
        {
            return CatalogResult.StaleKnowledgeBase;
        }
    }
}
