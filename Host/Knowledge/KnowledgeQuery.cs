namespace ChatWidget.Host.Knowledge;

/// <summary>
/// What a turn searches the knowledge for: the learner's latest message, and also the previous one when the latest
/// leans on it. The rule, kept simple on purpose: the previous user message is put first when the latest one has no
/// word of its own to search for (only stop words: "why?", "and then?") or points back with a pronoun (it, its, they,
/// them, their, those, these, he, she, him, her: "when is it due?"). "This" and "that" do not count: they usually name
/// their own noun ("this week").
/// </summary>
public static class KnowledgeQuery
{
    private static readonly HashSet<string> PointingBack = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "its", "they", "them", "their", "those", "these", "he", "she", "him", "her",
    };

    public static string Compose(string question, string? previousQuestion)
    {
        ArgumentNullException.ThrowIfNull(question);
        return string.IsNullOrWhiteSpace(previousQuestion) || !LeansOnPrevious(question)
            ? question
            : string.Concat(previousQuestion, "\n", question);
    }

    /// <summary>True when <paramref name="question"/> cannot be searched for on its own (see the type's rule).</summary>
    public static bool LeansOnPrevious(string question) =>
        !KnowledgeRanker.Tokenize(question).Any() || Words(question).Any(PointingBack.Contains);

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetter(text[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
