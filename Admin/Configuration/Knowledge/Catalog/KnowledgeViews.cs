namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>A knowledge base as the list page shows it; <see cref="Stamp"/> is its <see cref="KnowledgeStamp"/>.</summary>
public sealed record KnowledgeBaseSummary(
    string Id, string Title, string Language, int? PublishedRevision, bool HasDraft, bool FromSeed, int Documents, int Entries, string Stamp);

/// <summary>
/// What an editor opens: the draft when there is one, else the published revision. <see cref="Files"/> describes every
/// document the content lists (by document id).
/// </summary>
public sealed record KnowledgeBaseView(
    string Id,
    KnowledgeBaseContent Content,
    bool IsDraft,
    int? PublishedRevision,
    bool FromSeed,
    string Stamp,
    IReadOnlyDictionary<long, KnowledgeDocumentFile> Files);

/// <summary>An uploaded document's facts (never its text): for the editor's document list.</summary>
public sealed record KnowledgeDocumentFile(long Id, string FileName, string Format, int ByteCount, string Sha256, string AddedBy, DateTimeOffset AddedAt)
{
    public static KnowledgeDocumentFile From(StoredKnowledgeDocument d) => new(d.Id, d.FileName, d.Format, d.ByteCount, d.Sha256, d.AddedBy, d.AddedAt);
}

/// <summary>The outcome of an upload: on success the document as the draft now lists it, and the draft's new stamp.</summary>
public sealed record KnowledgeDocumentAdded(CatalogResult Result, KnowledgeDocumentRef? Document, string? Stamp);
