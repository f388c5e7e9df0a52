using System.Text;

namespace ChatWidget.Benchmarks.Report;

/// <summary>A GitHub-flavoured markdown table, which also reads well in a terminal.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"A row of {cells.Length} cells in a table of {headers.Length} columns.");
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---")).AppendLine("|");
        foreach (var row in _rows) text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        return text.ToString();
    }
}
