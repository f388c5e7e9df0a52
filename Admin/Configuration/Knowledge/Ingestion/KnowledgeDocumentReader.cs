namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Turns an uploaded file into text sections. The format is decided by the content (a PDF's signature, HTML markup,
/// Markdown structure, valid UTF-8 text), never by the file name alone; a file whose content contradicts its name, or
/// that is too large, empty or unreadable, is refused with an <see cref="UnreadableDocumentException"/> whose message
/// tells the administrator what to do.
/// </summary>
public static class KnowledgeDocumentReader
{
    /// <summary>The largest upload accepted (bytes).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>The file name extensions accepted (a name without one is judged by its content alone).</summary>
    public static readonly IReadOnlyList<string> AcceptedExtensions = [".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf"];

    private const string Accepted = "Markdown (.md), plain text (.txt), HTML (.html) or PDF (.pdf)";

    public static ExtractedDocument Read(string fileName, ReadOnlySpan<byte> content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length > 0 && !AcceptedExtensions.Contains(extension))
            throw new UnreadableDocumentException($"{fileName}: files of type {extension} are not accepted; upload {Accepted}.");
        if (content.Length == 0) throw new UnreadableDocumentException($"{fileName} is empty: upload the file again, with its content.");
        if (content.Length > MaxBytes)
            throw new UnreadableDocumentException(
                $"{fileName} is {content.Length / (1024.0 * 1024):0.#} MiB, more than the {MaxBytes / (1024 * 1024)} MiB accepted: split it into smaller documents.");

        if (ContentSignature.IsPdf(content))
        {
            if (extension is not ("" or ".pdf")) throw Mislabelled(fileName, extension, "a PDF", ".pdf");
            return PdfTextReader.Read(fileName, content.ToArray());
        }
        if (extension == ".pdf") throw NotAPdf(fileName, content);

        var text = ContentSignature.AsText(content);
        if (text is null)
        {
            var binary = ContentSignature.DescribeBinary(content);
            throw new UnreadableDocumentException(binary is null
                ? $"{fileName} is not text (it is binary or not UTF-8 encoded): save it as UTF-8 text, or upload {Accepted}."
                : $"{fileName} is {binary}, not a document that can be read: upload {Accepted}.");
        }
        if (ContentSignature.IsRichText(text))
            throw new UnreadableDocumentException($"{fileName} is a Rich Text document: save it as PDF or plain text and upload that.");
        if (text.Trim().Length == 0) throw new UnreadableDocumentException($"{fileName} contains only blank space: upload the file again, with its content.");

        var html = ContentSignature.LooksLikeHtml(text);
        if (html && extension is ".txt" or ".text") throw Mislabelled(fileName, extension, "an HTML page", ".html");
        if (html && extension is not (".md" or ".markdown") || extension is ".html" or ".htm") return HtmlTextReader.Read(text);
        if (extension is ".md" or ".markdown" || ContentSignature.LooksLikeMarkdown(text)) return MarkdownTextReader.Read(text);
        return PlainText(text);
    }

    private static ExtractedDocument PlainText(string text) =>
        new(DocumentFormat.PlainText, null, [new DocumentSection([], string.Join("\n\n", TextNormaliser.Paragraphs(text)))]);

    private static UnreadableDocumentException Mislabelled(string fileName, string extension, string actually, string rightExtension) =>
        new($"{fileName} is named {extension} but its content is {actually}: rename it to end in {rightExtension}, or upload the intended file.");

    private static UnreadableDocumentException NotAPdf(string fileName, ReadOnlySpan<byte> content)
    {
        var text = ContentSignature.AsText(content);
        var actually = text is null
            ? ContentSignature.DescribeBinary(content) ?? "binary data of another kind"
            : ContentSignature.LooksLikeHtml(text) ? "an HTML page" : "text";
        return new UnreadableDocumentException($"{fileName} is named .pdf but is not a PDF (its content is {actually}): upload the real PDF, or name the file after what it is.");
    }
}
