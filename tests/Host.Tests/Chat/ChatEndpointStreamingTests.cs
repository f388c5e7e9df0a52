using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using static ChatWidget.Host.Tests.Chat.ChatEndpointRequests;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>The chat endpoint as a stream: chunks flushed as the model produces them, a gone client cancelling the model, an empty answer still framed.</summary>
public class ChatEndpointStreamingTests
{
    [Fact]
    public async Task Streamed_chunks_are_flushed_while_the_model_is_still_answering()
    {
        await using var app = new ChatAppFactory();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.ChatClient.Script = ct => Updates(t => gate.Task.WaitAsync(t), ct);
        var http = app.CreateClient();

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json(Body(stream: true, extra: ",\"stream_options\":{\"include_usage\":true}")),
        }, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(Patience);
        Assert.False(gate.Task.IsCompleted, "the first chunk must arrive while the model is still blocked");
        using (var chunk = JsonDocument.Parse(first!["data: ".Length..]))
        {
            var root = chunk.RootElement;
            Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString());
            Assert.Equal("chat.completion.chunk", root.GetProperty("object").GetString());
            Assert.Equal(TestConfiguration.ProfileId, root.GetProperty("model").GetString());
            Assert.True(root.GetProperty("created").GetInt64() > 1_600_000_000);
            var delta = root.GetProperty("choices")[0].GetProperty("delta");
            Assert.Equal("assistant", delta.GetProperty("role").GetString());
            Assert.Equal("Hel", delta.GetProperty("content").GetString());
        }

        gate.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(Patience);
        var events = rest.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.Contains("\"delta\":{\"content\":\"lo\"},\"finish_reason\":null", events[0]);
        Assert.Contains("\"delta\":{},\"finish_reason\":\"stop\"", events[1]);
        Assert.Contains("\"choices\":[],\"usage\":{\"prompt_tokens\":", events[2]);
        Assert.Equal("data: [DONE]", events[3]);
    }

    [Fact]
    public async Task Over_a_real_socket_chunks_arrive_as_the_model_produces_them_and_a_disconnect_cancels_the_model()
    {
        await using var app = new ChatAppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.ChatClient.Script = ct => Updates(async t =>
        {
            // Registered without disposal: a registration disposed while the token's callbacks run may never fire.
            t.Register(() => cancelled.TrySetResult());
            await gate.Task.WaitAsync(t);
        }, ct);
        var http = app.CreateClient();
        Assert.Equal("http", http.BaseAddress!.Scheme);

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json(Body(stream: true)),
        }, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Contains("\"content\":\"Hel\"", await reader.ReadLineAsync().WaitAsync(Patience));
        Assert.False(gate.Task.IsCompleted);

        // Like a closed tab: the connection goes away mid-answer (disposing only the response would drain it first).
        response.Dispose();
        http.Dispose();

        await cancelled.Task.WaitAsync(Patience);
        Assert.True(app.ChatClient.ReceivedToken.IsCancellationRequested);
        await WaitForAsync(() => app.Logs.Any(l => l.Message.StartsWith("Chat request client_cancelled", StringComparison.Ordinal)));
        Assert.DoesNotContain(app.Logs, l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_model_call_without_an_error()
    {
        await using var app = new ChatAppFactory();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.ChatClient.Script = ct => Updates(async t =>
        {
            t.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, t);
        }, ct);
        using var abort = new CancellationTokenSource();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json(Body(stream: true)),
        }, HttpCompletionOption.ResponseHeadersRead, abort.Token).WaitAsync(Patience);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Contains("Hel", await reader.ReadLineAsync().WaitAsync(Patience));

        abort.Cancel();
        response.Dispose();

        await cancelled.Task.WaitAsync(Patience);
        Assert.True(app.ChatClient.ReceivedToken.IsCancellationRequested);
        await WaitForAsync(() => app.Logs.Any(l => l.Message.StartsWith("Chat request client_cancelled", StringComparison.Ordinal)));
        Assert.DoesNotContain(app.Logs, l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_answer_still_streams_a_role_chunk_a_finish_and_done()
    {
        await using var app = new ChatAppFactory();
        app.ChatClient.Script = _ => AsyncEnumerable.Empty<ChatResponseUpdate>();

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: true)));

        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, events.Length);
        Assert.Contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}", events[0]);
        Assert.Contains("\"finish_reason\":\"stop\"", events[1]);
        Assert.Equal("data: [DONE]", events[2]);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(20);
        }
    }
}
