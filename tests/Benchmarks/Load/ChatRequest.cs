using System.Net.Http.Headers;

namespace ChatWidget.Benchmarks.Load;

/// <summary>One streamed chat completion request as it goes on the wire: where, with which credentials, which body.</summary>
public sealed record ChatRequest(Uri Url, byte[] Body, string? AccessToken = null, string? Origin = null)
{
    /// <summary>The benchmark's turn as a widget embedded in the partner page sends it to <paramref name="host"/> (Host or a proxy in front of it).</summary>
    public static ChatRequest Turn(Uri host, string accessToken) =>
        new(new Uri(host, "/v1/chat/completions"), BenchConversation.HostRequestBody, accessToken, BenchPlatform.EmbeddingOrigin);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(Body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (AccessToken is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        if (Origin is not null) message.Headers.Add("Origin", Origin);
        return message;
    }
}
