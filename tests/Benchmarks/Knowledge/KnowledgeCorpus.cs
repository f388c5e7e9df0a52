using System.Text.Json;
using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Knowledge;

/// <summary>A question of the knowledge benchmark and the document(s) whose excerpt answers it.</summary>
public sealed record KnowledgeQuestion(string Question, string Source, string? AlsoAcceptable)
{
    public bool AnsweredBy(IEnumerable<string> fileNames) => fileNames.Any(f => f == Source || f == AlsoAcceptable);
}

/// <summary>The course corpus (tests/Benchmarks/Knowledge/Corpus) and its questions (questions.json), see README.md there.</summary>
public sealed record KnowledgeCorpus(IReadOnlyList<string> Files, IReadOnlyList<KnowledgeQuestion> Questions)
{
    private sealed record QuestionsFile(IReadOnlyList<KnowledgeQuestion> Questions);

    public static KnowledgeCorpus Load(RepositoryPaths paths)
    {
        var directory = Path.Combine(paths.Root, "tests", "Benchmarks", "Knowledge");
        var files = Directory.GetFiles(Path.Combine(directory, "Corpus")).Order(StringComparer.Ordinal).ToList();
        var questions = JsonSerializer.Deserialize<QuestionsFile>(File.ReadAllText(Path.Combine(directory, "questions.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("questions.json is empty.");
        var names = files.Select(Path.GetFileName).ToHashSet();
        if (questions.Questions.FirstOrDefault(q => !names.Contains(q.Source) || (q.AlsoAcceptable is { } other && !names.Contains(other))) is { } broken)
            throw new InvalidOperationException($"questions.json names a document that is not in Corpus/: \"{broken.Question}\".");
        return new KnowledgeCorpus(files, questions.Questions);
    }

    /// <summary>Every word of the corpus's text files, as often as it occurs: filler text drawn from it has the corpus's word frequencies.</summary>
    public IReadOnlyList<string> Words() =>
        Files.Where(f => !f.EndsWith(".pdf", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllText(f).Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 1 && w.All(char.IsLetter))
            .Select(w => w.ToLowerInvariant())
            .ToList();

    private static readonly char[] Separators = " \t\r\n.,;:!?()[]{}<>\"'`*#|/=+-_&".ToCharArray();
}
