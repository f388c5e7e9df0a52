namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>The embedded default: the knowledge base in Host's own SQLite database, found by its FTS5 index.</summary>
public sealed class SqliteKnowledgeTurnTests
{
    [Fact]
    public Task A_published_document_is_searched_by_the_real_index_and_cited_in_the_answer() => PublishedKnowledgeTurn.RunAsync();
}
