namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>Unpublished edits of a knowledge base (one draft per base), as <see cref="KnowledgeBaseContent"/> JSON. Host never reads drafts.</summary>
public sealed class StoredKnowledgeBaseDraft : IVersionedRow
{
    public required string KnowledgeBaseId { get; set; }
    public required string Json { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public long RowVersion { get; set; }
}
