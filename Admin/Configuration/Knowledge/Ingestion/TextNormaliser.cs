using System.Text;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Whitespace rules shared by every format: runs of spaces, tabs and other blanks inside a line become one space,
/// lines are trimmed, invisible control characters go, and blank lines separate paragraphs. The words themselves are
/// never changed, so nothing a reader extracted is lost on the way into a chunk.
/// </summary>
internal static class TextNormaliser
{
    /// <summary>One line: every run of whitespace (line breaks included) becomes a single space, trimmed.</summary>
    public static string Line(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (IsInvisible(c)) continue;
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>A block of lines: each line normalised, empty lines dropped, line breaks kept.</summary>
    public static string Block(string text) =>
        string.Join('\n', SplitLines(text).Select(Line).Where(line => line.Length > 0));

    /// <summary>Plain text as paragraphs: blank lines separate them, the lines of a paragraph stay lines.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        var paragraph = new List<string>();
        foreach (var raw in SplitLines(text))
        {
            var line = Line(raw);
            if (line.Length > 0)
            {
                paragraph.Add(line);
                continue;
            }
            if (paragraph.Count == 0) continue;
            yield return string.Join('\n', paragraph);
            paragraph.Clear();
        }
        if (paragraph.Count > 0) yield return string.Join('\n', paragraph);
    }

    /// <summary>Code and other preformatted text: indentation kept, trailing blanks and blank edges dropped.</summary>
    public static string Preformatted(string text)
    {
        var lines = SplitLines(text).Select(line => new string(line.Where(c => !IsInvisible(c)).ToArray()).TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }

    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    // Control characters (other than whitespace), zero-width characters and the byte order mark carry no text.
    private static bool IsInvisible(char c) =>
        (char.IsControl(c) && c != '\t') || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';
}
