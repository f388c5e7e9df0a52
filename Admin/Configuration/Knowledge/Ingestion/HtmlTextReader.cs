using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Reads an HTML page into sections with AngleSharp, keeping only what a reader of the page sees as its content:
/// scripts, styles, templates, frames, <c>noscript</c>, navigation, footers and hidden elements are dropped (comments and
/// attributes such as <c>onclick</c> are never text), block elements become paragraphs, h1–h6 build the heading path.
/// Nothing is executed or fetched. The title is the page's <c>&lt;title&gt;</c>, else its first top-level heading.
/// </summary>
internal static partial class HtmlTextReader
{
    private const string DroppedElements =
        "script, style, template, iframe, frame, frameset, noscript, nav, footer, object, embed, applet, svg, math, canvas, " +
        "button, select, textarea, [hidden], [aria-hidden='true'], input[type='hidden']";

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "form", "header", "hr", "li", "main", "ol", "p", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "ul",
    };

    public static ExtractedDocument Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var title = TextNormaliser.Line(document.Title ?? "");
        foreach (var element in document.QuerySelectorAll(DroppedElements).ToList()) element.Remove();
        foreach (var element in document.QuerySelectorAll("[style]").Where(e => HiddenStyle().IsMatch(e.GetAttribute("style") ?? "")).ToList())
            element.Remove();

        var walker = new Walker();
        if ((document.Body ?? document.DocumentElement) is { } root) walker.Walk(root);
        var builder = walker.Finish();
        return new ExtractedDocument(DocumentFormat.Html, title.Length > 0 ? title : builder.TopHeading, builder.Build());
    }

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>One pass over the DOM, collecting inline text into the paragraph of the nearest block element.</summary>
    private sealed class Walker
    {
        private readonly SectionBuilder _builder = new();
        private readonly StringBuilder _inline = new();

        public void Walk(INode node)
        {
            switch (node)
            {
                case IText text:
                    _inline.Append(text.Data.Replace('\n', ' ').Replace('\r', ' '));
                    return;
                case IElement element:
                    WalkElement(element);
                    return;
            }
        }

        public SectionBuilder Finish()
        {
            EndParagraph();
            return _builder;
        }

        private void WalkElement(IElement element)
        {
            var name = element.LocalName;
            if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
            {
                EndParagraph();
                _builder.Heading(name[1] - '0', element.TextContent);
                return;
            }
            switch (name)
            {
                case "br":
                    _inline.Append('\n');
                    return;
                case "pre":
                    EndParagraph();
                    _builder.Preformatted(element.TextContent);
                    return;
            }
            var block = BlockElements.Contains(name);
            if (block) EndParagraph();
            foreach (var child in element.ChildNodes) Walk(child);
            if (name is "td" or "th") _inline.Append(' ');
            if (block) EndParagraph();
        }

        private void EndParagraph()
        {
            if (_inline.Length == 0) return;
            _builder.Paragraph(_inline.ToString());
            _inline.Clear();
        }
    }
}
