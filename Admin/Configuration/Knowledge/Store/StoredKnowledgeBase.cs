namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// A knowledge base: its id and, once published, the title, language and revision number Host searches. It exists from
/// creation on (uploaded documents belong to it before the first publish); <see cref="PublishedRevision"/> is null
/// until then. What an administrator is editing lives in <see cref="StoredKnowledgeBaseDraft"/>.
/// </summary>
public sealed class StoredKnowledgeBase : IVersionedRow
{
    public required string Id { get; set; }
    public required string Title { get; set; }

    /// <summary>A PostgreSQL text search configuration name (<see cref="KnowledgeLanguages"/>); SQLite's index ignores it.</summary>
    public required string Language { get; set; }

    public int? PublishedRevision { get; set; }
    public bool FromSeed { get; set; }

    public long RowVersion { get; set; }
}
