using System.Text.RegularExpressions;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Reads Markdown into sections: ATX (<c>## Grading</c>) and Setext (underlined) headings build the heading path; code
/// fences are kept as text, verbatim, and nothing inside them is taken for a heading; links and images keep their text
/// and lose their targets; emphasis and inline-code markers go; link reference definitions, thematic breaks and raw
/// HTML <c>script</c>/<c>style</c> blocks go.
/// The title is the first top-level heading.
/// </summary>
internal static partial class MarkdownTextReader
{
    public static ExtractedDocument Read(string text)
    {
        var builder = new SectionBuilder();
        var paragraph = new List<string>();
        var code = new List<string>();
        string? fence = null;
        string? rawBlockEnd = null;

        void EndParagraph()
        {
            if (paragraph.Count > 0) builder.Paragraph(string.Join('\n', paragraph));
            paragraph.Clear();
        }

        foreach (var line in TextNormaliser.SplitLines(text))
        {
            if (fence is not null)
            {
                if (FenceLine().Match(line) is { Success: true } close && close.Groups["fence"].Value.StartsWith(fence, StringComparison.Ordinal)
                    && close.Groups["info"].Value.Trim().Length == 0)
                {
                    builder.Preformatted(string.Join('\n', code));
                    code.Clear();
                    fence = null;
                }
                else code.Add(line);
                continue;
            }
            if (rawBlockEnd is null && RawBlockStart().Match(line) is { Success: true } raw)
                rawBlockEnd = $"</{raw.Groups["tag"].Value}>";
            if (rawBlockEnd is not null)
            {
                EndParagraph();
                if (line.Contains(rawBlockEnd, StringComparison.OrdinalIgnoreCase)) rawBlockEnd = null;
                continue;
            }
            if (FenceLine().Match(line) is { Success: true } open)
            {
                EndParagraph();
                fence = open.Groups["fence"].Value;
                continue;
            }
            if (AtxHeading().Match(line) is { Success: true } atx)
            {
                EndParagraph();
                builder.Heading(atx.Groups["marks"].Length, Inline(atx.Groups["text"].Value));
                continue;
            }
            if (SetextUnderline().Match(line) is { Success: true } underline && paragraph.Count > 0)
            {
                var heading = string.Join(' ', paragraph);
                paragraph.Clear();
                builder.Heading(underline.Groups["mark"].Value[0] == '=' ? 1 : 2, heading);
                continue;
            }
            if (line.Trim().Length == 0 || ThematicBreak().IsMatch(line) || ReferenceDefinition().IsMatch(line) || TableRule().IsMatch(line))
            {
                EndParagraph();
                continue;
            }
            paragraph.Add(Inline(BlockQuote().Replace(line, "")));
        }
        if (fence is not null) builder.Preformatted(string.Join('\n', code));
        EndParagraph();
        return new ExtractedDocument(DocumentFormat.Markdown, builder.TopHeading, builder.Build());
    }

    /// <summary>Headings, code fences or inline links: what tells Markdown from plain text.</summary>
    public static bool HasMarkdownStructure(string text) =>
        TextNormaliser.SplitLines(text).Any(line => AtxHeading().IsMatch(line) || FenceLine().IsMatch(line)) || InlineLink().IsMatch(text);

    /// <summary>The text of a line without Markdown's inline markup: links and images keep their text only.</summary>
    private static string Inline(string line)
    {
        var text = Image().Replace(line, "${text}");
        text = InlineLink().Replace(text, "${text}");
        text = ReferenceLink().Replace(text, "${text}");
        text = AutoLink().Replace(text, "${target}");
        text = InlineCode().Replace(text, "${code}");
        text = Emphasis().Replace(text, "${text}");
        return HtmlTag().Replace(text, "");
    }

    [GeneratedRegex(@"^ {0,3}(?<marks>#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^ {0,3}(?<mark>=+|-+)[ \t]*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex FenceLine();

    [GeneratedRegex(@"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^ {0,3}<(?<tag>script|style)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RawBlockStart();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*\S+.*$")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^ {0,3}(?:>[ \t]?)+")]
    private static partial Regex BlockQuote();

    [GeneratedRegex(@"!\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\[[^\]]*\]")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"<(?<target>(?:https?|mailto):[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"`+(?<code>[^`]+)`+")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(?<![\w*])(?<mark>\*{1,3}|_{1,3})(?<text>\S(?:.*?\S)?)\k<mark>(?![\w*])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();
}
