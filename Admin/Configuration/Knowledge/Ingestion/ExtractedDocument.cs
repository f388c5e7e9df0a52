namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// The readable text of an uploaded document, as sections under their headings. <paramref name="Format"/> is what the
/// content turned out to be (by its bytes, not its name); <paramref name="SuggestedTitle"/> is the document's own
/// title (an HTML title, a Markdown or PDF first heading, PDF metadata) or null.
/// </summary>
public sealed record ExtractedDocument(DocumentFormat Format, string? SuggestedTitle, IReadOnlyList<DocumentSection> Sections);

/// <summary>Text under a heading path, outermost first (["Grading", "Late work"]); an empty path is text before any heading.</summary>
public sealed record DocumentSection(IReadOnlyList<string> Headings, string Text);

public enum DocumentFormat
{
    PlainText,
    Markdown,
    Html,
    Pdf,
}
