using Betalgo.Ranul.OpenAI;
using Betalgo.Ranul.OpenAI.Managers;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Builds an <see cref="IChatClient"/> for an <c>openai</c> model on Betalgo.Ranul.OpenAI, whose
/// <see cref="OpenAIService"/> implements <see cref="IChatClient"/> itself.
/// </summary>
/// <remarks>
/// Measured on 9.2.6: streaming sends with the synchronous HttpClient.Send (handled by
/// <see cref="SynchronousSendOffloadingChatClient"/>), the stream checks cancellation only after each
/// line (handled by <see cref="UpstreamCancellationHandler"/>), streamed answers carry no token usage
/// (it never asks for <c>stream_options.include_usage</c>), and error responses become
/// <see cref="InvalidOperationException"/>s without a status (handled by <see cref="UpstreamResponseObserver"/>).
/// </remarks>
public sealed class BetalgoClientFactory(IHttpClientFactory httpClientFactory)
{
    private const string PlaceholderKey = "no-key";

    public IChatClient Create(ModelSettings model) => new SynchronousSendOffloadingChatClient(CreateService(model));

    /// <summary>The library's own client, without the offloading that protects the thread pool.</summary>
    internal OpenAIService CreateService(ModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var baseUrl = model.BaseUrl ?? throw new InvalidOperationException($"Model {model.Id} has no base URL.");
        var (baseDomain, apiVersion) = SplitBaseUrl(baseUrl);

        var options = new OpenAIOptions
        {
            ApiKey = string.IsNullOrEmpty(model.ApiKey) ? PlaceholderKey : model.ApiKey,
            BaseDomain = baseDomain,
            ApiVersion = apiVersion,
            DefaultModelId = model.ModelName,
        };

        // Betalgo sets BaseAddress and the Authorization header on the HttpClient it is given; the
        // factory hands out a fresh HttpClient per call (sharing only the pooled handler), so this
        // cannot leak one model's key into another model's requests.
        return new OpenAIService(options, httpClientFactory.CreateClient(UpstreamHttpClient.Name));
    }

    /// <summary>
    /// Betalgo addresses <c>{BaseDomain}{ApiVersion}/chat/completions</c>, while our models carry the
    /// OpenAI convention of a base URL ending in the version segment (<c>http://host:port/v1</c>).
    /// </summary>
    internal static (string BaseDomain, string ApiVersion) SplitBaseUrl(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        var lastSlash = path.LastIndexOf('/');
        var version = path[(lastSlash + 1)..];
        var domainPath = path[..(lastSlash + 1)];
        var domain = new UriBuilder(baseUrl) { Path = domainPath, Query = string.Empty, Fragment = string.Empty }.Uri.ToString();
        return (domain, version);
    }
}
