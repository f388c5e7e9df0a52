using System.Net;
using System.Runtime.CompilerServices;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static ChatWidget.Host.Tests.Chat.ChatEndpointRequests;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>How the chat endpoint reports a model that fails: before the first token, mid-stream, or disabled in the configuration.</summary>
public class ChatEndpointUpstreamFailureTests
{
    [Theory]
    [InlineData(UpstreamFailure.Unavailable, 503, "upstream_unavailable")]
    [InlineData(UpstreamFailure.RateLimited, 503, "upstream_busy")]
    [InlineData(UpstreamFailure.BadResponse, 502, "upstream_error")]
    public async Task An_upstream_failure_before_the_first_token_is_an_HTTP_error(UpstreamFailure failure, int status, string code)
    {
        await using var app = new ChatAppFactory();
        app.ChatClient.Script = ct => Failing(failure, afterFirst: false, ct);

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: true)));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await ErrorOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_upstream_failure_of_a_non_streamed_answer_is_an_HTTP_error()
    {
        await using var app = new ChatAppFactory();
        app.ChatClient.Script = ct => Failing(UpstreamFailure.Unavailable, afterFirst: true, ct);

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: false)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task An_upstream_failure_mid_stream_ends_the_stream_with_an_error_event()
    {
        await using var app = new ChatAppFactory();
        app.ChatClient.Script = ct => Failing(UpstreamFailure.BadResponse, afterFirst: true, ct);

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: true)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, events.Length);
        Assert.Contains("\"content\":\"Hel\"", events[0]);
        Assert.Equal("data: {\"error\":{\"message\":\"The assistant's model returned an error. Try again in a moment.\",\"type\":\"server_error\",\"code\":\"upstream_error\"}}", events[1]);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Failing(UpstreamFailure failure, bool afterFirst, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (afterFirst) yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel");
        throw new UpstreamException(failure, "upstream said no", 500);
    }

    [Fact]
    public async Task A_disabled_model_is_503_profile_misconfigured_and_logged()
    {
        await using var app = new ChatAppFactory { Snapshot = TestConfiguration.Snapshot(model: TestConfiguration.Model(enabled: false)) };

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: true)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("profile_misconfigured", (await ErrorOf(response)).GetProperty("code").GetString());
        Assert.Contains(app.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("disabled", StringComparison.Ordinal));
    }
}
