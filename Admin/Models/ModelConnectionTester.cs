using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin;

/// <summary>The result of a "Test connection": latency when the upstream answered, or its error.</summary>
public sealed record ModelConnectionResult(bool Succeeded, long LatencyMilliseconds, string Message);

/// <summary>
/// Sends one minimal real chat completion (one word in, one token out) to an OpenAI-compatible model, directly over
/// HTTP: Admin cannot reference Host's clients, and the raw request shows the upstream's own error text.
/// </summary>
public sealed class ModelConnectionTester(IHttpClientFactory clients)
{
    public const string HttpClientName = "ChatWidget.Admin.ModelTest";

    public async Task<ModelConnectionResult> TestAsync(ModelSettings model, CancellationToken cancellationToken)
    {
        if (model.Provider == ModelProviders.Offline)
            return new ModelConnectionResult(true, 0, "The offline responder needs no connection.");
        if (model.BaseUrl is null)
            return new ModelConnectionResult(false, 0, "The model has no base URL.");

        var url = new Uri(model.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                model = model.ModelName,
                messages = new[] { new { role = "user", content = "ping" } },
                max_tokens = 1,
                stream = false,
            }),
        };
        if (!string.IsNullOrEmpty(model.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", model.ApiKey);

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = clock.ElapsedMilliseconds;
            if (response.IsSuccessStatusCode)
                return new ModelConnectionResult(true, elapsed, $"Answered in {elapsed} ms.");
            return new ModelConnectionResult(false, elapsed, Scrub($"HTTP {(int)response.StatusCode}: {UpstreamMessage(body)}", model.ApiKey));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new ModelConnectionResult(false, clock.ElapsedMilliseconds,
                e is TaskCanceledException ? "No answer within 20 seconds." : Scrub($"Cannot connect: {e.Message}", model.ApiKey));
        }
    }

    private static string UpstreamMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
                return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.ToString() : error.ToString();
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] + "…" : body;
    }

    /// <summary>An upstream may echo the key it was sent; the page must never show it.</summary>
    private static string Scrub(string message, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey)) message = message.Replace(apiKey, "[api key]", StringComparison.Ordinal);
        return message.Length > 500 ? message[..500] + "…" : message;
    }
}
