using System.Text;

namespace ChatWidget.Benchmarks.Knowledge;

/// <summary>
/// Generated Markdown documents that bring the index to the size the retrieval goal is set at, standing in for the
/// other material of a large knowledge base: sections of 40 to 70 words, each small enough to be one chunk. Most words
/// come from a made-up vocabulary of <see cref="VocabularySize"/> pronounceable words with the Zipf frequencies of a
/// natural language (a large base has many words no question uses); one word in <see cref="CorpusShareInverse"/> is a
/// word of the corpus, drawn as often as it occurs there, so that questions do match filler chunks, as they match
/// unrelated documents that share the course's vocabulary. Fixed seed: every run indexes the same text.
/// </summary>
public static class FillerDocuments
{
    public const int SectionsPerDocument = 100;
    public const int VocabularySize = 30_000;
    public const int CorpusShareInverse = 10;

    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kl", "st", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou"];

    public static IEnumerable<(string FileName, string Text)> Generate(IReadOnlyList<string> corpusWords, int sections)
    {
        var random = new Random(15);
        var vocabulary = MadeUpVocabulary(random);
        var cumulative = ZipfCumulative(vocabulary.Length);
        string Word()
        {
            if (random.Next(CorpusShareInverse) == 0) return corpusWords[random.Next(corpusWords.Count)];
            var rank = Array.BinarySearch(cumulative, random.NextDouble());
            return vocabulary[Math.Min(vocabulary.Length - 1, rank >= 0 ? rank : ~rank)];
        }

        for (var document = 0; sections > 0; document++)
        {
            var text = new StringBuilder();
            text.Append("# Archive notes ").Append(document + 1).Append("\n\n");
            for (var section = 0; section < SectionsPerDocument && sections > 0; section++, sections--)
            {
                text.Append("## ").Append(Capitalised(Word())).Append(' ').Append(Word()).Append("\n\n");
                var length = random.Next(40, 71);
                for (var i = 0; i < length; i++)
                    text.Append(i % 12 == 0 ? Capitalised(Word()) : Word()).Append(i % 12 == 11 || i == length - 1 ? ". " : " ");
                text.Append("\n\n");
            }
            yield return ($"archive-{document + 1:D3}.md", text.ToString());
        }
    }

    private static string[] MadeUpVocabulary(Random random)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < VocabularySize)
        {
            var word = new StringBuilder();
            for (var s = random.Next(2, 5); s > 0; s--) word.Append(Onsets[random.Next(Onsets.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
            words.Add(word.ToString());
        }
        return words.ToArray();
    }

    // P(rank r) ∝ 1/r, as cumulative shares for a binary search.
    private static double[] ZipfCumulative(int count)
    {
        var cumulative = new double[count];
        var total = 0.0;
        for (var r = 0; r < count; r++) cumulative[r] = total += 1.0 / (r + 1);
        for (var r = 0; r < count; r++) cumulative[r] /= total;
        return cumulative;
    }

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
