using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Knowledge.Semantic;

public static class SemanticRankingServiceExtensions
{
    /// <summary>
    /// Registers the semantic ranking of course knowledge (<see cref="SemanticKnowledgeRanking"/>, one more
    /// <see cref="IKnowledgeRanking"/> for the retriever, used by profiles that name an embedding model) and the
    /// background <see cref="KnowledgeEmbeddingIndexer"/> that embeds their chunks. Call after AddConfigurationStore,
    /// whose change notifiers the indexer joins, and with the upstream HttpClient registered (AddLlmClients).
    /// </summary>
    public static IHostApplicationBuilder AddSemanticKnowledgeRanking(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
