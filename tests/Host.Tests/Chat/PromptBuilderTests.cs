using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Llm;

namespace ChatWidget.Host.Tests.Chat;

public sealed class PromptBuilderTests
{
    private static readonly PromptTokenCounter Counter = new();
    private static readonly KnowledgeSource Syllabus = new(1, "doc-1", "Syllabus", null);
    private static readonly KnowledgePrompt Knowledge =
        KnowledgePrompt.For(new RetrievedKnowledge([new KnowledgeExcerpt(Syllabus, null, "Exams are in Hall B.", 6)], [Syllabus], Searched: true), false, Counter);

    [Fact]
    public void Only_an_offline_model_is_handed_the_retrieved_knowledge_itself()
    {
        var profile = TestConfiguration.Profile();

        var upstream = PromptBuilder.Options(profile, TestConfiguration.Model(), 256, Knowledge);
        var offline = PromptBuilder.Options(profile, OfflineModel.Fallback, 256, Knowledge);

        Assert.Null(upstream.AdditionalProperties);
        Assert.Same(Knowledge.Retrieved, offline.AdditionalProperties![OfflineResponder.KnowledgeProperty]);
    }

    [Fact]
    public void The_knowledge_block_follows_the_instructions_and_is_counted()
    {
        var history = new TrimmedHistory([new ChatRequestMessage { Role = "user", Content = "Where are exams?" }], 0, 0, true, 1000);

        var system = PromptBuilder.Messages(TestConfiguration.Profile(), Knowledge, history)[0].Text;

        Assert.Equal($"{TestConfiguration.Instructions}\n\n{Knowledge.Block}", system);
        Assert.Contains("[1] Syllabus\nExams are in Hall B.", Knowledge.Block, StringComparison.Ordinal);
        Assert.Equal(Counter.Count(Knowledge.Block), Knowledge.Tokens);
    }
}
