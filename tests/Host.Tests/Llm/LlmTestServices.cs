using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>Builds the LLM services exactly as Program.cs does, with test configuration.</summary>
internal static class LlmTestServices
{
    public static IHost Build(OpenAiClientLibrary library, int offlineWordDelayMilliseconds = 0) =>
        Build(new Dictionary<string, string?>
        {
            ["ChatWidget:Llm:OpenAiClient"] = library.ToString(),
            ["ChatWidget:Llm:OfflineWordDelayMilliseconds"] = offlineWordDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder.Services);
        builder.AddLlmClients();
        return builder.Build();
    }

    public static ModelSettings OpenAiModel(Uri baseUrl, string apiKey = "sk-test-key", string modelName = "gpt-test") =>
        new("fast", ModelProviders.OpenAi, baseUrl, apiKey, modelName, 128000, Enabled: true);

    public static ModelSettings OfflineModel() =>
        new("offline", ModelProviders.Offline, null, null, "offline", 8000, Enabled: true);

    public static ProfileSettings Profile(IReadOnlyList<KnowledgeEntry>? knowledge = null, string modelId = "fast") =>
        new("support", "Course assistant", "You are a helpful course assistant.", modelId, 0.3f, 128,
            "Hi!", [], ProfileTheme.Default, "en", null, InputLimits.Default, knowledge ?? []);
}
