using System.Text;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;

namespace ChatWidget.Admin.Tests.Knowledge.Ingestion;

public sealed class DocumentFormatTests
{
    // A section as "Outer › Inner | text", so that a failure shows the whole difference.
    private static IEnumerable<string> Shown(ExtractedDocument document) =>
        document.Sections.Select(s => string.Join(" › ", s.Headings) + " | " + s.Text);

    [Fact]
    public void A_pdf_is_read_from_every_page_with_its_larger_lines_as_headings()
    {
        var pdf = TestPdf.Build(
        [
            [
                new("CS101 Syllabus", 20),
                new("Welcome to Introduction to Programming."),
                new("Lectures are on Mondays in room B12."),
                new("Grading", 15),
                new("Homework counts for forty percent."),
            ],
            [
                new("Late work", 15),
                new("Each day late costs ten percent of the mark."),
            ],
        ]);

        var document = KnowledgeDocumentReader.Read("syllabus.pdf", pdf);

        Assert.Equal(DocumentFormat.Pdf, document.Format);
        Assert.Equal("CS101 Syllabus", document.SuggestedTitle);
        Assert.Equal(
        [
            "CS101 Syllabus | Welcome to Introduction to Programming. Lectures are on Mondays in room B12.",
            "CS101 Syllabus › Grading | Homework counts for forty percent.",
            "CS101 Syllabus › Late work | Each day late costs ten percent of the mark.",
        ], Shown(document));
    }

    [Fact]
    public void A_pdf_with_no_extension_is_recognised_by_its_signature()
    {
        var pdf = TestPdf.Build([[new("Office hours are on Tuesdays.")]]);

        var document = KnowledgeDocumentReader.Read("handout", pdf);

        Assert.Equal(DocumentFormat.Pdf, document.Format);
        Assert.Equal("Office hours are on Tuesdays.", Assert.Single(document.Sections).Text);
    }

    [Fact]
    public void An_html_page_keeps_its_visible_content_and_drops_scripts_styles_and_hidden_parts()
    {
        const string html = """
            <!DOCTYPE html>
            <html><head><title>Lab guide</title>
            <style>.note { color: red } /* STYLE-CANARY */</style>
            <script>var SCRIPT_CANARY = document.cookie;</script>
            </head><body>
            <nav><a href="/">NAV-CANARY home</a></nav>
            <h1>Lab 3</h1>
            <p>Bring your <b>laptop</b>
               and charger.</p>
            <div onclick="ONCLICK_CANARY()">Ask a <a href="https://ta.example.edu/CANARY-HREF">teaching assistant</a> for help.</div>
            <h2>Submission</h2>
            <ul><li>Zip the folder</li><li>Upload it before Friday</li></ul>
            <p hidden>HIDDEN-CANARY</p><div style="display: none">INVISIBLE-CANARY</div>
            <!-- COMMENT-CANARY --><template><p>TEMPLATE-CANARY</p></template>
            <noscript>NOSCRIPT-CANARY</noscript><iframe src="https://x.example">IFRAME-CANARY</iframe>
            <footer>FOOTER-CANARY</footer>
            <script>document.write('LATE-SCRIPT-CANARY')</script>
            </body></html>
            """;

        var document = KnowledgeDocumentReader.Read("lab3.html", Encoding.UTF8.GetBytes(html));

        Assert.Equal(DocumentFormat.Html, document.Format);
        Assert.Equal("Lab guide", document.SuggestedTitle);
        Assert.Equal(
        [
            "Lab 3 | Bring your laptop and charger.\n\nAsk a teaching assistant for help.",
            "Lab 3 › Submission | Zip the folder\n\nUpload it before Friday",
        ], Shown(document));
        var everything = string.Join("\n", document.Sections.SelectMany(s => s.Headings.Append(s.Text)))
            + string.Join("\n", KnowledgeChunker.Split(document).Select(c => c.Heading + c.Text));
        Assert.DoesNotContain("CANARY", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cookie", everything);
    }

    [Fact]
    public void An_html_page_without_a_title_is_titled_by_its_first_top_heading()
    {
        var document = KnowledgeDocumentReader.Read("page.htm", "<html><body><h2>Intro</h2><p>x</p><h1>Exam rules</h1><p>y</p></body></html>"u8);

        Assert.Equal("Exam rules", document.SuggestedTitle);
    }

    [Fact]
    public void Markdown_headings_of_both_kinds_build_the_heading_path_code_stays_text_and_scripts_go()
    {
        const string markdown = """
            Course notes
            ============

            Intro with a [study guide](https://lms.example.edu/LINK-TARGET) and ![the lab map](map.png).

            ## Grading

            Homework is **40%** of the   final mark.

            <script>
            alert("MARKDOWN-SCRIPT-CANARY");
            </script>

            ### Late work ###

            Ten percent per day.

            ```python
            # not a heading
            print("hello")
            ```

            Office hours
            ------------
            Tuesdays, 2-4pm.
            """;

        var document = KnowledgeDocumentReader.Read("notes.md", Encoding.UTF8.GetBytes(markdown));

        Assert.Equal(DocumentFormat.Markdown, document.Format);
        Assert.Equal("Course notes", document.SuggestedTitle);
        Assert.Equal(
        [
            "Course notes | Intro with a study guide and the lab map.",
            "Course notes › Grading | Homework is 40% of the final mark.",
            "Course notes › Grading › Late work | Ten percent per day.\n\n# not a heading\nprint(\"hello\")",
            "Course notes › Office hours | Tuesdays, 2-4pm.",
        ], Shown(document));
    }

    [Fact]
    public void Markdown_is_recognised_by_its_structure_when_the_name_has_no_extension()
    {
        var document = KnowledgeDocumentReader.Read("README", "# Labs\n\nLab 1 is on Monday.\n"u8);

        Assert.Equal(DocumentFormat.Markdown, document.Format);
        Assert.Equal(["Labs"], Assert.Single(document.Sections).Headings);
    }

    [Fact]
    public void Plain_text_keeps_its_paragraphs_and_normalises_whitespace()
    {
        var document = KnowledgeDocumentReader.Read("policy.txt", "\uFEFFFirst   line\r\nsecond\tline\r\n\r\n\r\n  Next paragraph.  \n"u8.ToArray());

        Assert.Equal(DocumentFormat.PlainText, document.Format);
        Assert.Null(document.SuggestedTitle);
        var section = Assert.Single(document.Sections);
        Assert.Empty(section.Headings);
        Assert.Equal("First line\nsecond line\n\nNext paragraph.", section.Text);
    }
}
