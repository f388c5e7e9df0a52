using System.Text.RegularExpressions;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>A piece of a document small enough for a prompt, with the heading path it sits under (null at the top).
/// <paramref name="Tokens"/> counts the text (o200k), not the heading.</summary>
public sealed record ChunkText(string? Heading, string Text, int Tokens);

/// <summary>
/// Splits a document into chunks of at most <c>maxTokens</c> tokens (o200k), each carrying its section's heading path
/// (joined with " › ") as context. A section is packed paragraph by paragraph; a paragraph too long for one chunk is
/// packed sentence by sentence, and a sentence too long, word by word, so a chunk never ends inside a word (only a
/// single "word" longer than a whole chunk, such as an encoded blob, is cut, at a token boundary). A tiny last piece of
/// a section joins the chunk before it when they fit together. Chunks do not overlap: each carries its heading path,
/// and overlapping text would spend the prompt's knowledge budget twice on the same words.
/// </summary>
public static partial class KnowledgeChunker
{
    public const int DefaultMaxTokens = 300;

    /// <summary>A section's last piece below this share of <c>maxTokens</c> is merged into the chunk before it.</summary>
    private const int TinyShare = 8;

    public static IReadOnlyList<ChunkText> Split(ExtractedDocument document, int maxTokens = DefaultMaxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 16);
        var chunks = new List<ChunkText>();
        foreach (var section in document.Sections)
        {
            var heading = section.Headings.Count == 0 ? null : string.Join(" › ", section.Headings);
            var pieces = new List<string>();
            Pack(Paragraphs(section.Text), "\n\n", maxTokens, pieces, SplitParagraph);
            MergeTinyLast(pieces, maxTokens);
            chunks.AddRange(pieces.Select(text => new ChunkText(heading, text, KnowledgeTokenizer.Count(text))));
        }
        return chunks;
    }

    private static IEnumerable<string> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void SplitParagraph(string paragraph, int maxTokens, List<string> pieces) =>
        Pack(SentenceEnd().Split(paragraph).Where(s => s.Length > 0), " ", maxTokens, pieces, SplitSentence);

    private static void SplitSentence(string sentence, int maxTokens, List<string> pieces) =>
        Pack(sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), " ", maxTokens, pieces, SplitWord);

    // Last resort for one "word" longer than a chunk: cut at token boundaries.
    private static void SplitWord(string word, int maxTokens, List<string> pieces)
    {
        while (word.Length > 0)
        {
            var length = Math.Max(1, KnowledgeTokenizer.PrefixLength(word, maxTokens));
            pieces.Add(word[..length]);
            word = word[length..];
        }
    }

    /// <summary>
    /// Greedy packing: units are joined with <paramref name="separator"/> while the joined text stays within the limit
    /// (counted exactly, as the tokenizer sees the joined text); a unit too large by itself goes to the next finer split.
    /// </summary>
    private static void Pack(IEnumerable<string> units, string separator, int maxTokens, List<string> pieces, Action<string, int, List<string>> splitFiner)
    {
        string? current = null;
        foreach (var unit in units)
        {
            if (KnowledgeTokenizer.Count(unit) > maxTokens)
            {
                if (current is not null) pieces.Add(current);
                current = null;
                splitFiner(unit, maxTokens, pieces);
                continue;
            }
            var joined = current is null ? unit : current + separator + unit;
            if (current is null || KnowledgeTokenizer.Count(joined) <= maxTokens)
            {
                current = joined;
                continue;
            }
            pieces.Add(current);
            current = unit;
        }
        if (current is not null) pieces.Add(current);
    }

    private static void MergeTinyLast(List<string> pieces, int maxTokens)
    {
        if (pieces.Count < 2 || KnowledgeTokenizer.Count(pieces[^1]) * TinyShare >= maxTokens) return;
        var merged = pieces[^2] + "\n\n" + pieces[^1];
        if (KnowledgeTokenizer.Count(merged) > maxTokens) return;
        pieces.RemoveAt(pieces.Count - 1);
        pieces[^1] = merged;
    }

    // After a sentence's closing punctuation (and any closing quote or bracket), before the next sentence; or a line break.
    [GeneratedRegex(@"(?<=[.!?…][""'”’)\]]*)\s+|\n")]
    private static partial Regex SentenceEnd();
}
