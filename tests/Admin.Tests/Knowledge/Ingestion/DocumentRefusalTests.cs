using System.Text;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;

namespace ChatWidget.Admin.Tests.Knowledge.Ingestion;

public sealed class DocumentRefusalTests
{
    private static readonly byte[] HtmlPage = Encoding.UTF8.GetBytes("<!doctype html><html><body><h1>Notes</h1><p>Week 1</p></body></html>");
    private static readonly byte[] WindowsProgram = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

    private static string Refusal(string fileName, byte[] content) =>
        Assert.Throws<UnreadableDocumentException>(() => KnowledgeDocumentReader.Read(fileName, content)).Message;

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Contains("empty.md is empty", Refusal("empty.md", []));
        Assert.Contains("blank.txt contains only blank space", Refusal("blank.txt", "  \n\t\n"u8.ToArray()));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_with_the_limit()
    {
        var oversized = new byte[KnowledgeDocumentReader.MaxBytes + 1];
        Array.Fill(oversized, (byte)'a');

        var message = Refusal("huge.txt", oversized);

        Assert.Contains("huge.txt", message);
        Assert.Contains($"{KnowledgeDocumentReader.MaxBytes / (1024 * 1024)} MiB", message);
        Assert.Contains("split it", message);
    }

    [Fact]
    public void A_file_at_the_size_limit_is_read()
    {
        var largest = new byte[KnowledgeDocumentReader.MaxBytes];
        Array.Fill(largest, (byte)'a');
        for (var i = 79; i < largest.Length; i += 80) largest[i] = (byte)' ';

        Assert.Equal(DocumentFormat.PlainText, KnowledgeDocumentReader.Read("large.txt", largest).Format);
    }

    [Fact]
    public void A_pdf_name_on_an_html_page_is_refused()
    {
        var message = Refusal("notes.pdf", HtmlPage);

        Assert.Contains("notes.pdf is named .pdf but is not a PDF", message);
        Assert.Contains("an HTML page", message);
    }

    [Fact]
    public void An_html_name_on_a_pdf_is_refused()
    {
        var message = Refusal("page.html", TestPdf.Build([[new("Week 1")]]));

        Assert.Contains("page.html is named .html but its content is a PDF", message);
        Assert.Contains("rename it to end in .pdf", message);
    }

    [Fact]
    public void A_text_name_on_an_html_page_is_refused()
    {
        Assert.Contains("notes.txt is named .txt but its content is an HTML page", Refusal("notes.txt", HtmlPage));
    }

    [Theory]
    [InlineData("syllabus.pdf")]
    [InlineData("syllabus.md")]
    [InlineData("syllabus")]
    public void A_renamed_program_is_refused_as_what_it_is(string fileName)
    {
        var message = Refusal(fileName, WindowsProgram);

        Assert.Contains(fileName, message);
        Assert.Contains("a Windows program", message);
    }

    [Fact]
    public void Binary_content_and_text_that_is_not_utf8_are_refused()
    {
        Assert.Contains("data.txt is not text", Refusal("data.txt", [0x01, 0x02, 0x00, 0xFE, 0x10, 0x00]));
        // "café" in Latin-1: a byte that is not UTF-8.
        Assert.Contains("save it as UTF-8", Refusal("menu.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9]));
    }

    [Fact]
    public void A_file_type_outside_the_accepted_ones_is_refused_whatever_its_content()
    {
        var message = Refusal("essay.docx", "Plain words."u8.ToArray());

        Assert.Contains("files of type .docx are not accepted", message);
        Assert.Contains("PDF (.pdf)", message);
    }

    [Fact]
    public void A_pdf_without_extractable_text_is_refused()
    {
        var message = Refusal("scan.pdf", TestPdf.WithoutText());

        Assert.Contains("scan.pdf has no text that can be extracted", message);
        Assert.Contains("OCR", message);
    }

    [Fact]
    public void A_damaged_pdf_is_refused()
    {
        var message = Refusal("broken.pdf", "%PDF-1.7\nthis file was cut off after its first line\n"u8.ToArray());

        Assert.Contains("broken.pdf starts like a PDF but could not be read", message);
    }
}
