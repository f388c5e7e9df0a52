using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm.Relay;

/// <summary>
/// Host's own lean client for <c>openai</c> models (<see cref="OpenAiClientLibrary.Relay"/>): one POST to
/// <c>{base URL}/chat/completions</c> on the upstream HttpClient (with its resilience and cancellation handlers),
/// the event stream read with <see cref="SseParser"/> and each event parsed in place with <see cref="Utf8JsonReader"/>.
/// No SDK pipeline, no per-chunk JSON document, no model objects beyond the update itself.
/// </summary>
/// <remarks>
/// A status other than 2xx surfaces as an <see cref="HttpRequestException"/> carrying only the status (the body, which
/// can echo the prompt or a masked key, is never read); an error event in the stream as an
/// <see cref="InvalidOperationException"/> of our own words. <see cref="UpstreamFailureNormalizingChatClient"/> makes
/// both <see cref="UpstreamException"/>s, as for the two libraries.
/// </remarks>
internal sealed class RelayChatClient(HttpClient http, ModelSettings model) : IChatClient
{
    private readonly Uri _endpoint = new((model.BaseUrl ?? throw new InvalidOperationException($"Model {model.Id} has no base URL.")).AbsoluteUri.TrimEnd('/') + "/chat/completions");

    private readonly AuthenticationHeaderValue? _authorization = string.IsNullOrEmpty(model.ApiKey) ? null : new("Bearer", model.ApiKey);

    private readonly ChatClientMetadata _metadata = new("openai", model.BaseUrl, model.ModelName);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(messages, options, stream: false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        EnsureSuccess(response);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, default, cancellationToken);
        return RelayAnswer.From(json.RootElement);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = Request(messages, options, stream: true);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        EnsureSuccess(response);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body, static (_, data) => RelayChunk.Parse(data)).EnumerateAsync(cancellationToken))
        {
            var chunk = item.Data;
            if (chunk.Done) yield break;
            if (chunk.Error) throw new InvalidOperationException($"The upstream of model {model.Id} sent an error event.");
            yield return chunk.ToUpdate();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    // The HttpClient belongs to IHttpClientFactory.
    public void Dispose()
    {
    }

    private HttpRequestMessage Request(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = RelayRequestBody.Write(messages, options, model.ModelName, stream) };
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The upstream answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
    }
}
