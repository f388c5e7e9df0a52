using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>Which configured models can embed: enabled OpenAI-compatible ones with a base URL (the offline responder cannot).</summary>
public static class EmbeddingModel
{
    /// <summary>The model <paramref name="modelId"/> names, or null when it is unknown, disabled or not OpenAI-compatible.</summary>
    public static ModelSettings? Resolve(ConfigurationSnapshot snapshot, string modelId) =>
        snapshot.Models.TryGetValue(modelId, out var model) && model is { Enabled: true, Provider: ModelProviders.OpenAi, BaseUrl: not null }
            ? model
            : null;
}
