using System.Net;
using System.Text.Json;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.EndToEnd;

/// <summary>
/// The whole data plane: a launch token minted by independent JWS code → <c>/api/token</c> → a streamed answer
/// from an OpenAI-compatible upstream on loopback, through the official OpenAI SDK client.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class LaunchToAnswerTests
{
    [Fact]
    public async Task A_learner_launches_and_gets_a_streamed_answer_from_the_upstream()
    {
        await using var stack = await UpstreamHost.StartAsync();
        stack.Upstream.Scenario = new() { Chunks = ["Mitochondria ", "make ", "ATP."] };
        var token = await stack.LaunchAsync();

        using var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, "What do mitochondria do?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var (text, done) = ChatRequests.ReadStream(await response.Content.ReadAsStringAsync());
        Assert.Equal("Mitochondria make ATP.", text);
        Assert.True(done);

        var sent = Assert.Single(stack.Upstream.Requests);
        Assert.Equal($"Bearer {UpstreamHost.ApiKey}", sent.Headers["Authorization"]);
        Assert.Equal("gpt-4o-mini", sent.Body.GetProperty("model").GetString());
        var messages = sent.Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        // The profile's instructions, then its course knowledge (see Knowledge/GroundedChatTests).
        Assert.StartsWith("You are the support assistant.\n\n<course_material>", Text(messages[0]), StringComparison.Ordinal);
        Assert.Equal("What do mitochondria do?", Text(messages[^1]));
    }

    [Fact]
    public async Task A_non_streamed_answer_is_a_chat_completion_object()
    {
        await using var stack = await UpstreamHost.StartAsync();
        var token = await stack.LaunchAsync();

        using var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("chat.completion", body.RootElement.GetProperty("object").GetString());
        Assert.Equal("Hello, world!", body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("support", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_aborts_the_upstream_request_within_a_second()
    {
        await using var stack = await UpstreamHost.StartAsync(realSocket: true);
        stack.Upstream.Scenario = new()
        {
            Chunks = Enumerable.Range(0, 200).Select(i => $"word{i} ").ToList(),
            ChunkInterval = TimeSpan.FromMilliseconds(50),
        };
        var token = await stack.LaunchAsync();
        // A client that drops the connection at once, as a closed tab does, instead of draining the rest for reuse.
        var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = stack.Host.CreateClient().BaseAddress };

        var response = await client.SendAsync(ChatRequests.Completion(token, "Tell me a long story"), HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync());

        // Like a closed tab: the connection goes away mid-answer.
        var leftAt = DateTimeOffset.UtcNow;
        response.Dispose();
        client.Dispose();

        var abortedAt = await stack.Upstream.RequestAborted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(abortedAt - leftAt < TimeSpan.FromSeconds(1), $"upstream saw the abort after {(abortedAt - leftAt).TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_upstream_failing_before_the_stream_is_a_503_in_OpenAI_shape()
    {
        await using var stack = await UpstreamHost.StartAsync();
        stack.Upstream.Scenario = new() { FailWithStatus = 500 };
        var token = await stack.LaunchAsync();

        using var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("upstream_unavailable", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private static string Text(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }
}
