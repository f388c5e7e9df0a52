using System.Net;
using System.Text.Json;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// One launch as a partner page's widget does it: <c>POST /api/token</c> exchanging the platform's launch token for
/// an access token, from the embedding origin.
/// </summary>
public static class LaunchExchange
{
    public static async Task<LaunchOutcome> ExchangeAsync(HttpClient http, Uri host, BenchPlatform platform, string launchToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = launchToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["platform"] = platform.Id,
            ["origin"] = BenchPlatform.EmbeddingOrigin,
        });
        try
        {
            using var response = await http.PostAsync(new Uri(host, "/api/token"), form);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) return LaunchOutcome.Failed($"HTTP {(int)response.StatusCode} {ErrorOf(body)}".TrimEnd());
            using var json = JsonDocument.Parse(body);
            return new LaunchOutcome(json.RootElement.GetProperty("access_token").GetString(), null);
        }
        catch (HttpRequestException e)
        {
            return LaunchOutcome.Failed(e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>The OAuth error code of a refusal (<c>{"error": "..."}</c>), or nothing when the body is not one.</summary>
    private static string ErrorOf(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
