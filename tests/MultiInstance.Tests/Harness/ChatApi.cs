using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>The public API as the widget's frame calls it (README, "API"): token exchange and chat completions.</summary>
public static class ChatApi
{
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>The launch exchange's form (<c>POST /api/token</c>).</summary>
    public static FormUrlEncodedContent LaunchForm(string launchToken, string platform = ClusterSeed.PlatformId, string origin = ClusterSeed.Origin) =>
        new(new Dictionary<string, string>
        {
            ["grant_type"] = TokenExchangeGrant,
            ["subject_token"] = launchToken,
            ["subject_token_type"] = JwtTokenType,
            ["platform"] = platform,
            ["origin"] = origin,
        });

    /// <summary>The refresh exchange's form: the current access token for a new one of the same session.</summary>
    public static FormUrlEncodedContent RefreshForm(string accessToken, string platform = ClusterSeed.PlatformId, string origin = ClusterSeed.Origin) =>
        new(new Dictionary<string, string>
        {
            ["grant_type"] = TokenExchangeGrant,
            ["subject_token"] = accessToken,
            ["subject_token_type"] = AccessTokenType,
            ["platform"] = platform,
            ["origin"] = origin,
        });

    /// <summary>The <c>error</c> of a token endpoint failure (<c>{"error": "invalid_grant", ...}</c>), or null.</summary>
    public static async Task<string?> TokenErrorAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;
    }

    /// <summary>The <c>error.code</c> of a chat endpoint failure in OpenAI's shape (<c>{"error": {"code": "session_revoked", ...}}</c>), or null.</summary>
    public static async Task<string?> ChatErrorCodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
    }

    /// <summary>Exchanges a launch token; returns the access token, or throws with the status and body.</summary>
    public static async Task<string> ExchangeAsync(HttpClient client, string launchToken, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsync("/api/token", LaunchForm(launchToken), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"The launch exchange answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A chat request with one user message. A <paramref name="tag"/> goes into the query string, where nginx's access log
    /// shows it beside the upstream that answered (Host ignores it).
    /// </summary>
    public static HttpRequestMessage Completion(string accessToken, string question = ClusterSeed.Question, bool stream = true, string? tag = null)
    {
        var body = JsonSerializer.Serialize(new { messages = new object[] { new { role = "user", content = question } }, stream });
        var request = new HttpRequestMessage(HttpMethod.Post, tag is null ? "/v1/chat/completions" : $"/v1/chat/completions?tag={Uri.EscapeDataString(tag)}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>
    /// The <c>data:</c> events of a streamed answer, each yielded as soon as its line arrived (send the request with
    /// <see cref="HttpCompletionOption.ResponseHeadersRead"/>), until the stream ends.
    /// </summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadEventsAsync(HttpResponseMessage response,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)) yield return new ServerSentEvent(line["data: ".Length..], clock.Elapsed);
        }
    }
}
