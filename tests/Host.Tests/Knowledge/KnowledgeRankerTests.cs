using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Tests.Knowledge;

public sealed class KnowledgeRankerTests
{
    private static readonly KnowledgeEntry Exam = new("When is the final exam?", "The final exam is on 12 December at 9:00 in Hall B.");
    private static readonly KnowledgeEntry Submit = new("How do I submit an assignment?", "Upload your assignment as a PDF on the course page before the deadline.");
    private static readonly KnowledgeEntry OfficeHours = new("What are the office hours?", "Office hours are Tuesdays 14:00-16:00 in room 3.12, or by appointment with the tutor.");
    private static readonly KnowledgeEntry Extension = new("Can I get an extension on a deadline?", "Extensions are granted for illness or emergencies; email your tutor before the deadline passes.");
    private static readonly KnowledgeEntry Grading = new("How is the course graded?", "Assignments count for 40% and the final exam for 60% of the grade.");

    private static readonly KnowledgeRanker Ranker = new([Exam, Submit, OfficeHours, Extension, Grading]);

    [Theory]
    [InlineData("When is the final exam?", "exam")]
    [InlineData("what date is the exam", "exam")]
    [InlineData("Hi! I was wondering when exactly the final exam takes place?", "exam")]
    [InlineData("WHEN IS THE FINAL EXAM", "exam")]
    [InlineData("where do I hand in my assignments", "submit")]
    [InlineData("Submitting assignments: how does it work?", "submit")]
    [InlineData("when are your office hours", "office")]
    [InlineData("Could I extend the deadline? I was ill", "extension")]
    [InlineData("how are grades calculated in this course", "grading")]
    public void Picks_the_entry_a_paraphrase_asks_about(string question, string expected)
    {
        var match = Ranker.FindBest(question);

        Assert.NotNull(match);
        var entries = new Dictionary<string, KnowledgeEntry>
        {
            ["exam"] = Exam, ["submit"] = Submit, ["office"] = OfficeHours, ["extension"] = Extension, ["grading"] = Grading,
        };
        Assert.Equal(entries[expected], match.Entry);
    }

    [Theory]
    [InlineData("What's the weather in Paris tomorrow?")]
    [InlineData("How do I bake sourdough bread?")]
    [InlineData("Who won the football match yesterday?")]
    [InlineData("Can you write me a poem about cats and dogs?")]
    [InlineData("")]
    [InlineData("   ?!  ")]
    [InlineData("the and of to in")]
    public void Rejects_questions_the_knowledge_does_not_cover(string question)
    {
        Assert.Null(Ranker.FindBest(question));
    }

    [Fact]
    public void An_empty_knowledge_list_matches_nothing()
    {
        var ranker = new KnowledgeRanker([]);

        Assert.True(ranker.IsEmpty);
        Assert.Null(ranker.FindBest("When is the final exam?"));
    }

    [Fact]
    public void Tokenizes_any_script_lowercases_and_drops_stop_words()
    {
        Assert.Equal(["final", "exam"], KnowledgeRanker.Tokenize("When is the FINAL exam?"));
        Assert.Equal(["prüfung", "müller"], KnowledgeRanker.Tokenize("Prüfung, Müller!"));
        Assert.Equal(["экзамен", "понедельник"], KnowledgeRanker.Tokenize("Экзамен в понедельник").Where(t => t.Length > 1));
        Assert.Equal(["考", "试"], KnowledgeRanker.Tokenize("考试"));
        Assert.Equal(["dont", "understand"], KnowledgeRanker.Tokenize("I don’t understand"));
    }

    [Theory]
    [InlineData("assignments", "assignment")]
    [InlineData("submitted", "submit")]
    [InlineData("submitting", "submit")]
    [InlineData("deadlines", "deadlin")]
    [InlineData("studies", "study")]
    [InlineData("classes", "class")]
    public void Stems_common_english_suffixes_consistently(string word, string stem)
    {
        Assert.Equal(stem, KnowledgeRanker.Stem(word));
    }

    [Fact]
    public void Matches_in_other_scripts()
    {
        var ranker = new KnowledgeRanker(
        [
            new("Wann ist die Prüfung?", "Die Prüfung ist am Montag."),
            new("Wo ist die Bibliothek?", "Die Bibliothek ist im Gebäude C."),
        ]);

        Assert.Equal("Die Prüfung ist am Montag.", ranker.FindBest("Prüfung wann")?.Entry.Answer);
    }
}
