namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// An uploaded document as text: immutable once written, so every revision that lists it reads the same sections.
/// The original bytes are not kept, only their size and SHA-256 (to recognise the same upload again). Its title and
/// public URL belong to the draft or revision that lists it, so retitling is an ordinary draft edit.
/// </summary>
public sealed class StoredKnowledgeDocument
{
    public long Id { get; set; }
    public required string KnowledgeBaseId { get; set; }
    public required string FileName { get; set; }

    /// <summary>A <see cref="Ingestion.DocumentFormat"/> name, as the content turned out to be.</summary>
    public required string Format { get; set; }

    public int ByteCount { get; set; }

    /// <summary>Lower-case hex SHA-256 of the uploaded bytes.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The extracted <see cref="Ingestion.DocumentSection"/>s as JSON.</summary>
    public required string SectionsJson { get; set; }

    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }

    /// <summary>The index's source id of this document: the same in every revision that lists it.</summary>
    public static string SourceIdOf(long id) => "doc-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
