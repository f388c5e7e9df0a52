using System.Text;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The words of a learner's question that a full-text search looks for: runs of letters and digits, lower-cased, without
/// common English words, at most <see cref="MaxWords"/> of them. Nothing else of the question survives, so no quote,
/// operator (<c>NEAR</c>, <c>*</c>, <c>:</c>, <c>&amp;|!</c>, parentheses) or column filter can reach the engine's query
/// syntax: each index joins these words with OR in its own syntax.
/// </summary>
public static class KnowledgeQueryWords
{
    public const int MaxWords = 32;
    private const int MaxWordLength = 64;

    // Function words that would match nearly every chunk; content words a question may hinge on ("not", "due") stay.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by", "can",
        "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "my", "of", "on", "or", "our", "ours", "please",
        "she", "should", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "to", "too", "us", "very", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours",
    };

    public static IReadOnlyList<string> Of(string question)
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length == 0) return;
            var text = word.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
            word.Clear();
            if (text.Length <= MaxWordLength && !StopWords.Contains(text) && seen.Add(text)) words.Add(text);
        }

        foreach (var c in question)
        {
            if (words.Count >= MaxWords) break;
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark) word.Append(c);
            else Flush();
        }

        if (words.Count < MaxWords) Flush();
        return words;
    }
}
