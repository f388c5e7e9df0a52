using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ChatWidget.Admin.Tests.Knowledge.Ingestion;

/// <summary>Real PDFs built with PdfPig's writer: text set line by line in the sizes a word processor would use.</summary>
internal static class TestPdf
{
    /// <summary>One line of a page: its text and type size; lines are set top-down, a blank line before a larger size.</summary>
    public sealed record Line(string Text, double Size = 11);

    public static byte[] Build(IReadOnlyList<IReadOnlyList<Line>> pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 800.0;
            double? previousSize = null;
            foreach (var line in lines)
            {
                if (previousSize is { } size && line.Size > size) y -= size;
                page.AddText(line.Text, line.Size, new PdfPoint(50, y), font);
                y -= line.Size * 1.3;
                previousSize = line.Size;
            }
        }
        return builder.Build();
    }

    /// <summary>A PDF whose only page holds a drawing and no text, like a scan.</summary>
    public static byte[] WithoutText()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.DrawRectangle(new PdfPoint(50, 50), 200, 300);
        return builder.Build();
    }
}
