using ChatWidget.Host.Tests.Postgres;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>Several instances' engine: the knowledge base in a real PostgreSQL database, found by its <c>tsvector</c> index.</summary>
public sealed class PostgresKnowledgeTurnTests(PostgresClusterFixture cluster) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task A_published_document_is_searched_by_the_real_index_and_cited_in_the_answer() =>
        await PublishedKnowledgeTurn.RunAsync(PostgresHosts.Settings(await cluster.Server.CreateDatabaseAsync()));
}
