namespace ChatWidget.Admin.Configuration;

/// <summary>An upstream model that profiles can use.</summary>
/// <param name="Provider"><see cref="ModelProviders.OpenAi"/> or <see cref="ModelProviders.Offline"/>.</param>
/// <param name="BaseUrl">The OpenAI-compatible endpoint including <c>/v1</c>; null for offline.</param>
/// <param name="ApiKey">Decrypted API key, or null when the endpoint needs none.</param>
/// <param name="ModelName">The upstream's model name, e.g. <c>gpt-4o-mini</c>.</param>
/// <param name="ContextWindow">Tokens the model accepts, input plus output.</param>
public sealed record ModelSettings(
    string Id,
    string Provider,
    Uri? BaseUrl,
    string? ApiKey,
    string ModelName,
    int ContextWindow,
    bool Enabled)
{
    // The API key must never reach a log through a record's generated ToString.
    public override string ToString() => $"Model {Id} ({Provider}, {ModelName})";
}

public static class ModelProviders
{
    public const string OpenAi = "openai";
    public const string Offline = "offline";
}
