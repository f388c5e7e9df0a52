namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// A searchable piece of the published revision of a knowledge base (only the published one: publishing replaces a
/// base's chunks in one transaction). The full-text index follows this table: SQLite's <c>KnowledgeChunksFts</c> by
/// triggers, PostgreSQL's <c>SearchVector</c> column by a trigger that weighs the heading above the text.
/// Question/answer entries are chunks too: the question is the heading (so it weighs most), the answer the text.
/// </summary>
public sealed class StoredKnowledgeChunk
{
    public long Id { get; set; }
    public required string KnowledgeBaseId { get; set; }

    /// <summary>"doc-12" or "entry-3", stable across revisions (see <see cref="KnowledgeHit"/>).</summary>
    public required string SourceId { get; set; }

    public required string SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? Heading { get; set; }
    public required string Text { get; set; }
    public int Tokens { get; set; }

    /// <summary>SHA-256 of heading and text: what an embedding of this chunk is keyed by, so vectors survive a republish.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Order within the revision (documents in their order, then entries).</summary>
    public int Position { get; set; }
}
