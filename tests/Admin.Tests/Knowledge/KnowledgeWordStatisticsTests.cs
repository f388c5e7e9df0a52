using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Admin.Tests.Knowledge;

public sealed class KnowledgeWordStatisticsTests
{
    private readonly Dictionary<string, long> chunksWith = new() { ["course"] = 2500, ["week"] = 1500, ["midterm"] = 40, ["room"] = 900 };
    private readonly List<string> counted = [];
    private long chunks = 3000;

    private Task<IReadOnlyList<string>> SelectAsync(KnowledgeWordStatistics statistics, long version, params string[] words) =>
        statistics.SelectiveAsync(words, version, () => Task.FromResult(chunks), word =>
        {
            counted.Add(word);
            return Task.FromResult(chunksWith.GetValueOrDefault(word));
        });

    [Fact]
    public async Task Words_in_more_than_a_third_of_a_large_index_are_left_out_unless_all_are()
    {
        var statistics = new KnowledgeWordStatistics();

        Assert.Equal(["midterm", "room"], await SelectAsync(statistics, 1, "course", "midterm", "room", "unheard"));
        Assert.Equal(["week"], await SelectAsync(statistics, 1, "course", "week"));
        Assert.Empty(await SelectAsync(statistics, 1, "unheard"));
    }

    [Fact]
    public async Task Counts_are_remembered_for_words_of_the_material_only_and_forgotten_when_the_configuration_changes()
    {
        var statistics = new KnowledgeWordStatistics();
        await SelectAsync(statistics, 1, "course", "unheard");
        await SelectAsync(statistics, 1, "course", "unheard");
        Assert.Equal(["course", "unheard", "unheard"], counted);

        chunksWith["course"] = 10;
        Assert.Equal(["course"], await SelectAsync(statistics, 2, "course"));
    }

    [Fact]
    public async Task A_small_index_keeps_every_word()
    {
        chunks = KnowledgeWordStatistics.MinChunks - 1;

        Assert.Equal(["course", "week"], await SelectAsync(new KnowledgeWordStatistics(), 1, "course", "week"));
        Assert.Empty(counted);
    }
}
