using ChatWidget.Host.Chat;
using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Tests.Chat;

public sealed class CitationReaderTests
{
    private static readonly KnowledgeSource[] Sources =
        [new(1, "doc-1", "Syllabus", null), new(2, "doc-2", "Handbook", null), new(3, "entry-1", "Who teaches?", null)];

    private static IEnumerable<string>? Cited(params string[] pieces)
    {
        var reader = new CitationReader(Sources);
        foreach (var piece in pieces) reader.Read(piece);
        return reader.Cited()?.Select(s => s.Id);
    }

    [Fact]
    public void Citations_are_read_in_number_order_whatever_order_the_answer_cites_them() =>
        Assert.Equal(["doc-1", "doc-2"], Cited("See [2] and also [1]."));

    [Fact]
    public void A_citation_split_across_pieces_still_counts() =>
        Assert.Equal(["doc-2"], Cited("See [", "2", "] for that."));

    [Fact]
    public void A_list_in_one_bracket_cites_each_number() =>
        Assert.Equal(["doc-1", "entry-1"], Cited("Both [1, 3]."));

    [Theory]
    [InlineData("No citation at all.")]
    [InlineData("An array [a] and [ 1] and [1a] and [] and [9].")]
    [InlineData("A number 1] without its bracket.")]
    public void What_is_not_a_citation_of_a_known_source_cites_nothing(string answer) => Assert.Null(Cited(answer));
}
