namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Collects a document's paragraphs under its headings as the format readers walk it: a heading of level n closes the
/// text so far and replaces every open heading of level n or deeper, so the path is always outermost first
/// (["Grading", "Late work"]). Paragraphs are separated by a blank line in the section's text.
/// </summary>
internal sealed class SectionBuilder
{
    private readonly List<DocumentSection> _sections = [];
    private readonly List<(int Level, string Text)> _open = [];
    private readonly List<string> _paragraphs = [];

    /// <summary>The first heading of the highest level seen (an h1 before an h2), the document's own title if it has one.</summary>
    public string? TopHeading { get; private set; }

    private int _topLevel = int.MaxValue;

    public void Heading(int level, string text)
    {
        var heading = TextNormaliser.Line(text);
        if (heading.Length == 0) return;
        CloseSection();
        _open.RemoveAll(open => open.Level >= level);
        _open.Add((level, heading));
        if (level < _topLevel)
        {
            _topLevel = level;
            TopHeading = heading;
        }
    }

    /// <summary>A paragraph of running text; its whitespace is normalised and its line breaks kept.</summary>
    public void Paragraph(string text)
    {
        var paragraph = TextNormaliser.Block(text);
        if (paragraph.Length > 0) _paragraphs.Add(paragraph);
    }

    /// <summary>Code or other preformatted text, indentation kept.</summary>
    public void Preformatted(string text)
    {
        var block = TextNormaliser.Preformatted(text);
        if (block.Length > 0) _paragraphs.Add(block);
    }

    public IReadOnlyList<DocumentSection> Build()
    {
        CloseSection();
        return _sections.ToList();
    }

    private void CloseSection()
    {
        if (_paragraphs.Count == 0) return;
        _sections.Add(new DocumentSection(_open.Select(open => open.Text).ToList(), string.Join("\n\n", _paragraphs)));
        _paragraphs.Clear();
    }
}
