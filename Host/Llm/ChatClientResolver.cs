using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.Llm.Relay;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Picks the <see cref="IChatClient"/> for a profile's model: an OpenAI-compatible client for
/// <c>openai</c> models (the library chosen by <see cref="LlmOptions.OpenAiClient"/>), the
/// <see cref="OfflineResponder"/> for <c>offline</c> ones.
/// </summary>
/// <remarks>
/// OpenAI clients are cached per model id together with a fingerprint of everything they were built
/// from; when an administrator changes the base URL, key, model name or library, the next request
/// builds a fresh client and the stale one is dropped (not disposed: a request may still be streaming
/// through it, and its HttpClient's handler belongs to IHttpClientFactory).
/// </remarks>
public sealed partial class ChatClientResolver(
    OfficialOpenAiClientFactory official,
    BetalgoClientFactory betalgo,
    RelayClientFactory relay,
    IOptionsMonitor<LlmOptions> options,
    ILogger<ChatClientResolver> logger) : IChatClientResolver
{
    /// <summary>The ActivitySource and Meter of the model calls (GenAI semantic conventions).</summary>
    public const string TelemetrySourceName = "ChatWidget.Llm";

    private readonly ConcurrentDictionary<string, CachedClient> _clients = new(StringComparer.Ordinal);

    // Keyed on the knowledge list instance: the live configuration replaces the list when a profile
    // changes, so the index is rebuilt exactly then and the old one goes with the old snapshot.
    private readonly ConditionalWeakTable<IReadOnlyList<KnowledgeEntry>, KnowledgeRanker> _rankers = new();

    public IChatClient Resolve(ProfileSettings profile, ModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(model);

        return model.Provider switch
        {
            ModelProviders.Offline => new OfflineResponder(
                _rankers.GetValue(profile.Knowledge, static knowledge => new KnowledgeRanker(knowledge)),
                TimeSpan.FromMilliseconds(options.CurrentValue.OfflineWordDelayMilliseconds)),
            ModelProviders.OpenAi => OpenAiClientFor(model),
            _ => throw new InvalidOperationException($"Model {model.Id} has an unknown provider '{model.Provider}'."),
        };
    }

    private IChatClient OpenAiClientFor(ModelSettings model)
    {
        var library = options.CurrentValue.OpenAiClient;
        var fingerprint = Fingerprint(library, model);
        if (_clients.TryGetValue(model.Id, out var cached) && cached.Fingerprint == fingerprint)
            return cached.Client;

        // Two racing requests may both build a client; one wins the cache, the other's is used once and
        // collected. Cheaper than a lock around client construction.
        var built = new CachedClient(fingerprint, Build(library, model));
        _clients[model.Id] = built;
        LogClientBuilt(library, model.Id, model.ModelName, cached is not null);
        return built.Client;
    }

    private IChatClient Build(OpenAiClientLibrary library, ModelSettings model)
    {
        var client = library switch
        {
            OpenAiClientLibrary.Betalgo => betalgo.Create(model),
            OpenAiClientLibrary.Relay => relay.Create(model),
            _ => official.Create(model),
        };
        // GenAI semantic conventions (spans, gen_ai.client.* metrics) without message content, whatever
        // OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says: EnableSensitiveData is forced off.
        return new UpstreamFailureNormalizingChatClient(client, model.Id).AsBuilder()
            .UseOpenTelemetry(sourceName: TelemetrySourceName, configure: telemetry => telemetry.EnableSensitiveData = false)
            .Build();
    }

    // A hash rather than the values themselves so the cache never holds a second copy of the key.
    private static string Fingerprint(OpenAiClientLibrary library, ModelSettings model)
    {
        var material = string.Join('\n', library, model.BaseUrl?.AbsoluteUri, model.ApiKey, model.ModelName);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    // Names only: never the key, and the base URL is left out because some deployments put keys in it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Built {Library} chat client for model {ModelId} ({ModelName}); replaced a stale one: {Replaced}")]
    private partial void LogClientBuilt(OpenAiClientLibrary library, string modelId, string modelName, bool replaced);

    private sealed record CachedClient(string Fingerprint, IChatClient Client);
}
