using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// Reads a PDF's text with PdfPig, line by line in content order. A PDF has no headings as such, so a short line set in a
/// clearly larger type than the body text is taken for one, its level by its size (the largest is level 1); a wider gap
/// than the line spacing, a heading or a new page ends a paragraph, and the lines of a paragraph are joined with spaces.
/// The title is the document's metadata title, else its first top-level heading. Password-protected PDFs, damaged ones
/// and PDFs without extractable text (scans, images) are refused.
/// </summary>
internal static class PdfTextReader
{
    // A line whose type is this much larger than the body text's, and no longer than this, reads as a heading.
    private const double HeadingSizeRatio = 1.15;
    private const int HeadingMaxWords = 16;
    // Baselines further apart than this many times the type size mark a new paragraph.
    private const double ParagraphGapRatio = 1.6;

    public static ExtractedDocument Read(string fileName, byte[] content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content);
            var lines = pdf.GetPages().SelectMany(ReadLines).ToList();
            if (!lines.Any(line => line.Text.Any(char.IsLetterOrDigit)))
                throw new UnreadableDocumentException(
                    $"{fileName} has no text that can be extracted (it may be scanned pages or images only): upload a version with selectable text, for example after running text recognition (OCR) on it.");
            var builder = Assemble(lines);
            var metadataTitle = TextNormaliser.Line(pdf.Information.Title ?? "");
            return new ExtractedDocument(DocumentFormat.Pdf, metadataTitle.Length > 0 ? metadataTitle : builder.TopHeading, builder.Build());
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new UnreadableDocumentException($"{fileName} is a password-protected PDF: save or export a copy without a password and upload that.");
        }
        catch (Exception e) when (e is not UnreadableDocumentException)
        {
            throw new UnreadableDocumentException($"{fileName} starts like a PDF but could not be read (it may be damaged or incomplete): export or download it again and upload the new copy.");
        }
    }

    /// <summary>A page's words grouped into lines: consecutive words on (nearly) the same baseline.</summary>
    private static IEnumerable<PdfLine> ReadLines(Page page)
    {
        PdfLine? current = null;
        foreach (var word in page.GetWords())
        {
            if (word.Letters.Count == 0 || string.IsNullOrWhiteSpace(word.Text)) continue;
            var baseline = word.Letters[0].StartBaseLine.Y;
            var size = word.Letters.Max(letter => letter.PointSize);
            if (current is not null && Math.Abs(current.Baseline - baseline) <= Math.Max(current.Size, size) * 0.3)
            {
                current = current with { Text = current.Text + " " + word.Text, Size = Math.Max(current.Size, size) };
                continue;
            }
            if (current is not null) yield return current;
            current = new PdfLine(page.Number, baseline, size, word.Text);
        }
        if (current is not null) yield return current;
    }

    private static SectionBuilder Assemble(IReadOnlyList<PdfLine> lines)
    {
        var bodySize = lines.GroupBy(line => Rounded(line.Size)).MaxBy(group => group.Sum(line => line.Text.Length))!.Key;
        bool IsHeading(PdfLine line) =>
            Rounded(line.Size) >= bodySize * HeadingSizeRatio && line.Text.Split(' ').Length <= HeadingMaxWords && line.Text.Any(char.IsLetter);
        var headingSizes = lines.Where(IsHeading).Select(line => Rounded(line.Size)).Distinct().OrderDescending().ToList();

        var builder = new SectionBuilder();
        var paragraph = new List<string>();
        var heading = new List<string>();
        var headingLevel = 0;
        PdfLine? previous = null;

        void Flush()
        {
            if (heading.Count > 0) builder.Heading(headingLevel, string.Join(' ', heading));
            if (paragraph.Count > 0) builder.Paragraph(string.Join(' ', paragraph));
            heading.Clear();
            paragraph.Clear();
        }

        foreach (var line in lines)
        {
            var adjoining = previous is not null && previous.Page == line.Page
                && previous.Baseline > line.Baseline && previous.Baseline - line.Baseline <= previous.Size * ParagraphGapRatio;
            if (IsHeading(line))
            {
                var level = Math.Min(6, headingSizes.IndexOf(Rounded(line.Size)) + 1);
                // A heading wrapped over two lines continues; anything else closes the text before it.
                if (!(adjoining && heading.Count > 0 && paragraph.Count == 0 && level == headingLevel)) Flush();
                heading.Add(line.Text);
                headingLevel = level;
            }
            else
            {
                if (!adjoining || heading.Count > 0) Flush();
                paragraph.Add(line.Text);
            }
            previous = line;
        }
        Flush();
        return builder;
    }

    // Sizes to the half point, so that a line's measured size matches its neighbours'.
    private static double Rounded(double size) => Math.Round(size * 2, MidpointRounding.AwayFromZero) / 2;

    private sealed record PdfLine(int Page, double Baseline, double Size, string Text);
}
