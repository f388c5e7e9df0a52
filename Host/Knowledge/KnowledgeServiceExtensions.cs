namespace ChatWidget.Host.Knowledge;

public static class KnowledgeServiceExtensions
{
    /// <summary>
    /// Registers <see cref="KnowledgeRetriever"/>. It searches the configuration store's knowledge index when one is
    /// registered, and sizes excerpts with the <see cref="ITokenCounter"/> the chat registers.
    /// </summary>
    public static IHostApplicationBuilder AddCourseKnowledge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<KnowledgeRetriever>();
        return builder;
    }
}
