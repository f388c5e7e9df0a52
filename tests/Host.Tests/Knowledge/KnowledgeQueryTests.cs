using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Tests.Knowledge;

public sealed class KnowledgeQueryTests
{
    private const string Previous = "How is the essay graded?";

    [Theory]
    [InlineData("When is the lab?")]
    [InlineData("What is due this week?")]
    [InlineData("And how do I submit my assignment?")]
    public void A_question_with_words_of_its_own_is_searched_alone(string question) =>
        Assert.Equal(question, KnowledgeQuery.Compose(question, Previous));

    [Theory]
    [InlineData("When is it due?")]
    [InlineData("Can I resubmit them later?")]
    [InlineData("why?")]
    [InlineData("And then?")]
    public void A_question_that_leans_on_the_previous_one_is_searched_with_it(string question) =>
        Assert.Equal($"{Previous}\n{question}", KnowledgeQuery.Compose(question, Previous));

    [Fact]
    public void The_first_question_is_searched_alone_whatever_it_says() =>
        Assert.Equal("When is it due?", KnowledgeQuery.Compose("When is it due?", null));
}
