using System.Text;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// What a file's bytes say it is, whatever its name: a PDF by its <c>%PDF-</c> signature, a few common binary formats
/// by theirs (so that a refusal can say "this is a Word document" rather than "unreadable"), and otherwise text, which
/// must be valid UTF-8. HTML is recognised by its markup the way browsers sniff it: the first tag of the file.
/// </summary>
internal static class ContentSignature
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    // Magic numbers of files administrators are likely to upload by mistake, with the name to tell them.
    private static readonly (byte[] Magic, string Description)[] KnownBinaries =
    [
        ("MZ"u8.ToArray(), "a Windows program"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "a Linux program"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a macOS program"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a macOS or Java program"),
        ("PK\x03\x04"u8.ToArray(), "a ZIP archive (Word, PowerPoint and Excel files are ZIP archives too)"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an older Office document"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0xFF, 0xFE], "UTF-16 text (save it as UTF-8)"),
        ([0xFE, 0xFF], "UTF-16 text (save it as UTF-8)"),
    ];

    // The tags a browser's sniffer accepts as the first thing in an HTML file.
    private static readonly string[] HtmlOpeners =
        ["<!doctype html", "<html", "<head", "<body", "<title", "<script", "<style", "<iframe", "<h1", "<div", "<font",
         "<table", "<a", "<b", "<br", "<p", "<meta", "<link", "<!--"];

    public static bool IsPdf(ReadOnlySpan<byte> content) => FindPdfHeader(content) >= 0;

    /// <summary>The <c>%PDF-</c> header, which readers accept within the first kilobyte.</summary>
    private static int FindPdfHeader(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8);

    /// <summary>A description of a known binary format ("a Windows program"), or null; asked only of content that is not text.</summary>
    public static string? DescribeBinary(ReadOnlySpan<byte> content)
    {
        foreach (var (magic, description) in KnownBinaries)
            if (content.StartsWith(magic)) return description;
        return null;
    }

    /// <summary>The content as text when it is valid UTF-8 without NUL bytes (a byte order mark is dropped), else null.</summary>
    public static string? AsText(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Utf8ByteOrderMark)) content = content[Utf8ByteOrderMark.Length..];
        if (content.IndexOf((byte)0) >= 0) return null;
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Rich Text is ASCII, so it passes as text: recognised by its opening group.</summary>
    public static bool IsRichText(string text) => text.StartsWith("{\\rtf", StringComparison.Ordinal);

    /// <summary>True when the text starts (after blanks) with one of the tags that open an HTML file.</summary>
    public static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart();
        foreach (var opener in HtmlOpeners)
        {
            if (!start.StartsWith(opener, StringComparison.OrdinalIgnoreCase)) continue;
            if (opener == "<!--") return true;
            var next = start.Length > opener.Length ? start[opener.Length] : '\0';
            if (next is ' ' or '>' or '\t' or '\n' or '\r' or '/') return true;
        }
        return false;
    }

    /// <summary>True when the text uses Markdown structure: ATX or Setext headings, code fences or inline links.</summary>
    public static bool LooksLikeMarkdown(string text) => MarkdownTextReader.HasMarkdownStructure(text);
}
