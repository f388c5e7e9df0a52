using System.Text;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;
using Microsoft.ML.Tokenizers;

namespace ChatWidget.Admin.Tests.Knowledge.Ingestion;

public sealed class KnowledgeChunkerTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    // Words that no cut could produce: a piece of "w123z" is never another word of the document.
    private static string Word(int i) => $"w{i}z";

    private static string Sentence(ref int next, int words)
    {
        var sentence = string.Join(' ', Enumerable.Range(next, words).Select(Word)) + ".";
        next += words;
        return sentence;
    }

    /// <summary>
    /// A long document of paragraphs of every size: short ones, long ones that need splitting into sentences, one
    /// sentence longer than a chunk that needs splitting into words, and a line-broken list.
    /// </summary>
    private static ExtractedDocument LongDocument(out List<string> words)
    {
        var next = 0;
        var random = new Random(15);
        var paragraphs = new List<string>();
        for (var p = 0; p < 60; p++)
        {
            var sentences = random.Next(1, p % 7 == 0 ? 40 : 6);
            var paragraph = new StringBuilder();
            for (var s = 0; s < sentences; s++) paragraph.Append(Sentence(ref next, random.Next(3, 25))).Append(' ');
            paragraphs.Add(paragraph.ToString().Trim());
        }
        paragraphs.Insert(10, string.Join(' ', Enumerable.Range(next, 400).Select(Word)));
        next += 400;
        paragraphs.Insert(20, string.Join('\n', Enumerable.Range(next, 30).Select(i => "- " + Word(i))));
        var text = string.Join("\n\n", paragraphs);
        words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        return new ExtractedDocument(DocumentFormat.PlainText, null,
            [new DocumentSection(["Handbook", "Rules"], text)]);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(64)]
    public void Chunks_stay_within_the_limit_counted_by_the_tokenizer(int maxTokens)
    {
        var chunks = KnowledgeChunker.Split(LongDocument(out _), maxTokens);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, chunk =>
        {
            Assert.Equal(O200k.CountTokens(chunk.Text), chunk.Tokens);
            Assert.InRange(chunk.Tokens, 1, maxTokens);
        });
    }

    [Fact]
    public void Every_word_is_kept_whole_and_in_order()
    {
        var chunks = KnowledgeChunker.Split(LongDocument(out var words));

        var chunked = chunks.SelectMany(c => c.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(words, chunked);
    }

    [Fact]
    public void Each_chunk_carries_its_sections_heading_path()
    {
        var document = new ExtractedDocument(DocumentFormat.Markdown, "Syllabus",
        [
            new DocumentSection([], "Welcome."),
            new DocumentSection(["Syllabus", "Grading"], "Homework is forty percent."),
            new DocumentSection(["Syllabus", "Grading", "Late work"], "Ten percent a day."),
        ]);

        var chunks = KnowledgeChunker.Split(document);

        Assert.Equal(
            new (string?, string)[]
            {
                (null, "Welcome."),
                ("Syllabus › Grading", "Homework is forty percent."),
                ("Syllabus › Grading › Late work", "Ten percent a day."),
            },
            chunks.Select(c => (c.Heading, c.Text)));
    }

    [Fact]
    public void A_tiny_last_piece_of_a_section_joins_the_chunk_before_it()
    {
        var next = 0;
        var longParagraph = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Sentence(ref next, 12)));
        var document = new ExtractedDocument(DocumentFormat.PlainText, null,
            [new DocumentSection(["Exam"], longParagraph + "\n\nGood luck.")]);

        var chunks = KnowledgeChunker.Split(document, 100);

        Assert.True(chunks.Count >= 2);
        Assert.EndsWith("\n\nGood luck.", chunks[^1].Text);
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 100));
    }

    [Fact]
    public void A_short_document_is_one_chunk_with_its_text_unchanged()
    {
        var document = KnowledgeDocumentReader.Read("hours.md", "# Office hours\n\nTuesdays 2-4pm in B12.\n\nBring your questions."u8);

        var chunk = Assert.Single(KnowledgeChunker.Split(document));

        Assert.Equal(("Office hours", "Tuesdays 2-4pm in B12.\n\nBring your questions."), (chunk.Heading, chunk.Text));
    }
}
