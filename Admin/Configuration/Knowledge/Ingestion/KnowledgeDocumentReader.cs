namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Turns an uploaded file into text sections. The format is decided by the content (a PDF's signature, HTML markup,
/// valid UTF-8 text), never by the file name alone; a file whose content contradicts its name, or that is too large,
/// empty or unreadable, is refused with an <see cref="UnreadableDocumentException"/>.
/// </summary>
public static class KnowledgeDocumentReader
{
    /// <summary>The largest upload accepted (bytes).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    // Placeholder until the ingestion work lands: plain UTF-8 text only, one section.
    public static ExtractedDocument Read(string fileName, ReadOnlySpan<byte> content)
    {
        if (content.Length == 0) throw new UnreadableDocumentException($"{fileName} is empty.");
        if (content.Length > MaxBytes) throw new UnreadableDocumentException($"{fileName} is larger than {MaxBytes / (1024 * 1024)} MiB.");
        var text = System.Text.Encoding.UTF8.GetString(content);
        return new ExtractedDocument(DocumentFormat.PlainText, null, [new DocumentSection([], text)]);
    }
}
