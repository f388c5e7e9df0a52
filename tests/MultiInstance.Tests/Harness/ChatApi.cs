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

    /// <summary>A chat request with one user message.</summary>
    public static HttpRequestMessage Completion(string accessToken, string question = ClusterSeed.Question, bool stream = true)
    {
        var body = JsonSerializer.Serialize(new { messages = new object[] { new { role = "user", content = question } }, stream });
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
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
