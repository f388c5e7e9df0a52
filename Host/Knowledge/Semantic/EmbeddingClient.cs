using System.Net.Http.Headers;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// Asks an OpenAI-compatible upstream for embeddings: <c>POST {base URL}/embeddings</c> with
/// <c>{"model": …, "input": [...]}</c>, at most <see cref="BatchSize"/> inputs a call, on the upstream HttpClient that
/// carries chat calls (its timeouts, retries, circuit per upstream and body bound; no logging of addresses), with the
/// model's API key as the bearer token.
/// </summary>
/// <remarks>
/// Every failure reaches the caller as an <see cref="UpstreamException"/> whose message names only the model id and
/// the status, as for chat: the upstream's error body (which can echo a masked key or the input) is never read.
/// The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class EmbeddingClient(IHttpClientFactory httpClientFactory)
{
    /// <summary>Inputs per call: far below providers' limits (OpenAI takes 2048), small enough for local servers.</summary>
    public const int BatchSize = 64;

    /// <summary>One vector per input, in input order.</summary>
    public async Task<IReadOnlyList<float[]>> EmbedAsync(ModelSettings model, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var vectors = new List<float[]>(inputs.Count);
        for (var offset = 0; offset < inputs.Count; offset += BatchSize)
            vectors.AddRange(await EmbedBatchAsync(model, inputs.Skip(offset).Take(BatchSize).ToArray(), cancellationToken));
        return vectors;
    }

    private async Task<float[][]> EmbedBatchAsync(ModelSettings model, string[] batch, CancellationToken cancellationToken)
    {
        // A token of this call's own: the cancellation handler registers on it, and a long-lived token (the indexer's)
        // would otherwise keep one registration per call until the application stops.
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = new UpstreamCall(caller.Token);
        UpstreamCall.Current = call;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(model)) { Content = Body(model.ModelName, batch) };
            if (!string.IsNullOrEmpty(model.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", model.ApiKey);
            using var http = httpClientFactory.CreateClient(UpstreamHttpClient.Name);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token);
            if (!response.IsSuccessStatusCode)
                throw UpstreamFailureClassifier.FromStatus((int)response.StatusCode, call.RetryAfter, model.Id);
            await using var body = await response.Content.ReadAsStreamAsync(call.Token);
            using var json = await JsonDocument.ParseAsync(body, default, call.Token);
            return Vectors(json.RootElement, batch.Length, model.Id);
        }
        catch (Exception exception) when (UpstreamFailureClassifier.Classify(exception, call, model.Id, cancellationToken) is { } upstream)
        {
            throw upstream;
        }
    }

    private static Uri Endpoint(ModelSettings model) =>
        model.BaseUrl is { } baseUrl
            ? new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/embeddings")
            : throw new UpstreamException(UpstreamFailure.BadResponse, $"Model {model.Id} has no base URL.");

    private static ByteArrayContent Body(string modelName, string[] inputs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", modelName);
            writer.WriteStartArray("input");
            foreach (var input in inputs) writer.WriteStringValue(input);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary><c>data[i].embedding</c>, placed by <c>data[i].index</c> when the upstream sends it (OpenAI does).</summary>
    private static float[][] Vectors(JsonElement root, int expected, string modelId)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
            || data.GetArrayLength() != expected)
            throw Unreadable(modelId);

        var vectors = new float[expected][];
        var position = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw Unreadable(modelId);
            var index = item.TryGetProperty("index", out var given) && given.TryGetInt32(out var i) ? i : position;
            if (index < 0 || index >= expected || vectors[index] is not null || !item.TryGetProperty("embedding", out var embedding)
                || embedding.ValueKind != JsonValueKind.Array || embedding.GetArrayLength() == 0)
                throw Unreadable(modelId);
            vectors[index] = [.. embedding.EnumerateArray().Select(v => v.GetSingle())];
            position++;
        }

        return vectors;
    }

    private static UpstreamException Unreadable(string modelId) =>
        new(UpstreamFailure.BadResponse, $"The upstream of model {modelId} sent an unreadable embeddings response.");
}
