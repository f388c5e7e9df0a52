using System.Text;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// Finds the knowledge entry that best answers a question, without a model: words are lowercased,
/// stop words dropped and suffixes lightly stemmed, then entries are scored with BM25F over the question
/// (weighted higher: it is what a learner's question paraphrases) and the answer.
/// </summary>
/// <remarks>
/// Build one per knowledge list and reuse it; it is immutable and thread-safe.
/// </remarks>
public sealed class KnowledgeRanker
{
    // BM25 constants as commonly tuned for short documents.
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double QuestionWeight = 2.0;
    private const double AnswerWeight = 1.0;

    /// <summary>
    /// Below this share of the question's informative words an entry is not an answer: one shared
    /// common word ("course", "page") must not turn an unrelated question into a confident wrong answer.
    /// </summary>
    public const double MinimumCoverage = 0.3;

    private readonly IndexedEntry[] _entries;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageQuestionLength;
    private readonly double _averageAnswerLength;
    private readonly double _rareTermIdf;

    public KnowledgeRanker(IReadOnlyList<KnowledgeEntry> knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        _entries = [.. knowledge.Select(e => new IndexedEntry(e, Counts(Tokenize(e.Question)), Counts(Tokenize(e.Answer))))];
        foreach (var entry in _entries)
        {
            foreach (var term in entry.Question.Keys.Union(entry.Answer.Keys))
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
        }
        _averageQuestionLength = _entries.Length == 0 ? 1 : Math.Max(1, _entries.Average(e => e.QuestionLength));
        _averageAnswerLength = _entries.Length == 0 ? 1 : Math.Max(1, _entries.Average(e => e.AnswerLength));
        _rareTermIdf = Idf(1);
    }

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>The best entry for <paramref name="question"/>, or null when none is relevant enough.</summary>
    public KnowledgeMatch? FindBest(string question)
    {
        var best = Rank(question).FirstOrDefault();
        return best is { Coverage: >= MinimumCoverage } ? best : null;
    }

    /// <summary>Every entry sharing at least one word with the question, best first.</summary>
    public IReadOnlyList<KnowledgeMatch> Rank(string question)
    {
        var terms = Tokenize(question ?? string.Empty).Distinct(StringComparer.Ordinal).ToArray();
        if (terms.Length == 0 || _entries.Length == 0)
            return [];

        var matches = new List<KnowledgeMatch>();
        foreach (var entry in _entries)
        {
            double score = 0, covered = 0, possible = 0;
            foreach (var term in terms)
            {
                var known = _documentFrequency.TryGetValue(term, out var df);
                // A word no entry contains is weighed like the rarest known word, and only half: questions
                // carry filler ("wondering", "exactly") that should dilute, not veto, a good match.
                var idf = known ? Idf(df) : _rareTermIdf / 2;
                possible += idf;

                var inQuestion = entry.Question.GetValueOrDefault(term);
                var inAnswer = entry.Answer.GetValueOrDefault(term);
                if (inQuestion + inAnswer == 0)
                    continue;

                var tf = QuestionWeight * inQuestion / (1 - B + B * entry.QuestionLength / _averageQuestionLength)
                       + AnswerWeight * inAnswer / (1 - B + B * entry.AnswerLength / _averageAnswerLength);
                score += idf * tf * (K1 + 1) / (tf + K1);
                // Appearing only in the answer is weaker evidence that this is the question being asked.
                covered += inQuestion > 0 ? idf : idf / 2;
            }
            if (score > 0)
                matches.Add(new KnowledgeMatch(entry.Source, score, possible == 0 ? 0 : covered / possible));
        }
        matches.Sort((a, b) => b.Score.CompareTo(a.Score));
        return matches;
    }

    // Floor of a small positive value: with very few entries the classic BM25 idf approaches zero for a
    // word every entry contains, and such words still say something about a one-entry knowledge base.
    private double Idf(int documentFrequency) =>
        Math.Max(0.05, Math.Log(1 + (_entries.Length - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    private static Dictionary<string, int> Counts(IEnumerable<string> terms)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms)
            counts[term] = counts.GetValueOrDefault(term) + 1;
        return counts;
    }

    /// <summary>
    /// Lowercased, stemmed content words. Letters and digits of any script form words (combining marks
    /// stay with their letter); apostrophes inside words are dropped ("don't" is "dont"); ideographs and
    /// kana, written without spaces, count as one word each.
    /// </summary>
    internal static IEnumerable<string> Tokenize(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsIdeographic(rune))
            {
                foreach (var term in Flush(word))
                    yield return term;
                yield return rune.ToString();
            }
            else if (Rune.IsLetterOrDigit(rune) || IsMark(rune))
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if ((rune.Value is '\'' or '\u2019') && word.Length > 0)
            {
                // Part of a contraction or possessive: skip it but keep the word going.
            }
            else
            {
                foreach (var term in Flush(word))
                    yield return term;
            }
        }
        foreach (var term in Flush(word))
            yield return term;
    }

    private static IEnumerable<string> Flush(StringBuilder word)
    {
        if (word.Length == 0)
            yield break;
        var raw = word.ToString();
        word.Clear();
        if (StopWords.Contains(raw))
            yield break;
        yield return Stem(raw);
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        System.Globalization.UnicodeCategory.NonSpacingMark or
        System.Globalization.UnicodeCategory.SpacingCombiningMark or
        System.Globalization.UnicodeCategory.EnclosingMark;

    private static bool IsIdeographic(Rune rune) => rune.Value is
        (>= 0x3040 and <= 0x30FF) or   // Hiragana, Katakana
        (>= 0x3400 and <= 0x4DBF) or   // CJK Extension A
        (>= 0x4E00 and <= 0x9FFF) or   // CJK Unified Ideographs
        (>= 0xF900 and <= 0xFAFF) or   // CJK Compatibility Ideographs
        (>= 0x20000 and <= 0x2FA1F);   // CJK Extensions B..F and supplements

    /// <summary>
    /// Light English suffix stripping, so "assignments", "submitted" and "submitting" meet "assignment"
    /// and "submit". Deliberately crude: both sides go through the same rules, so consistency matters
    /// more than producing real words.
    /// </summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3)
            return word;
        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
            w = w[..^3] + "y";
        else if (w.EndsWith("sses", StringComparison.Ordinal))
            w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
            w = w[..^1];

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
            w = UndoubleConsonant(w[..^3]);
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
            w = UndoubleConsonant(w[..^2]);

        if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length > 5)
            w = w[..^2];
        if (w.EndsWith('e') && w.Length > 3)
            w = w[..^1];
        return w;
    }

    private static string UndoubleConsonant(string w) =>
        w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') && char.IsAsciiLetter(w[^1]) && "aeiou".IndexOf(w[^1]) < 0
            ? w[..^1]
            : w;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could",
        "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "hello", "hi", "how", "i", "if",
        "im", "in", "into", "is", "it", "its", "just", "know", "let", "me", "might", "my", "need", "of", "on",
        "or", "our", "please", "should", "so", "some", "tell", "than", "thank", "thanks", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "to", "us", "want", "was", "we", "were",
        "what", "whats", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    };

    private sealed class IndexedEntry(KnowledgeEntry source, Dictionary<string, int> question, Dictionary<string, int> answer)
    {
        public KnowledgeEntry Source { get; } = source;
        public Dictionary<string, int> Question { get; } = question;
        public Dictionary<string, int> Answer { get; } = answer;
        public int QuestionLength { get; } = question.Values.Sum();
        public int AnswerLength { get; } = answer.Values.Sum();
    }
}
