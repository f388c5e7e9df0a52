using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Knowledge;

public static class KnowledgeServiceExtensions
{
    /// <summary>
    /// Registers <see cref="KnowledgeRetriever"/>. It searches the configuration store's knowledge index when one is
    /// registered, and sizes excerpts with the <see cref="ITokenCounter"/> the chat registers. Also the semantic
    /// ranking (<see cref="SemanticKnowledgeRanking"/>, for profiles that name an embedding model) and the background
    /// <see cref="KnowledgeEmbeddingIndexer"/> that embeds their chunks; call after AddConfigurationStore, whose change
    /// notifier the indexer joins.
    /// </summary>
    public static IHostApplicationBuilder AddCourseKnowledge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<KnowledgeRetriever>();
        builder.Services.AddSingleton<EmbeddingClient>();
        builder.Services.AddSingleton<EmbeddingFailures>();
        builder.Services.AddSingleton<EmbeddedChunksCache>();
        builder.Services.AddSingleton<IKnowledgeRanking, SemanticKnowledgeRanking>();
        builder.Services.AddSingleton<KnowledgeEmbeddingIndexer>();
        builder.Services.AddSingleton<IConfigurationChangeNotifier>(provider => provider.GetRequiredService<KnowledgeEmbeddingIndexer>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<KnowledgeEmbeddingIndexer>());
        return builder;
    }
}
