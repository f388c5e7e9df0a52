namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// One published revision of a knowledge base, kept forever so that revisions can be compared and restored.
/// <see cref="Json"/> is a <see cref="KnowledgeBaseContent"/>; its documents refer to <see cref="StoredKnowledgeDocument"/> rows.
/// </summary>
public sealed class StoredKnowledgeBaseRevision
{
    public int Id { get; set; }
    public required string KnowledgeBaseId { get; set; }
    public int Number { get; set; }
    public required string Json { get; set; }

    /// <summary>The administrator's email, or "seed file".</summary>
    public required string PublishedBy { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}
