using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>How every OpenAI-compatible client surfaces an upstream that fails: rate limits, server errors, rejected requests, refused connections, a stream broken midway; never with a secret in the message.</summary>
[Collection(TimingSensitive.Name)]
public sealed class OpenAiCompatibleClientContractFailureTests : OpenAiCompatibleClientContract
{
    public static TheoryData<OpenAiClientLibrary, bool> LibrariesAndStreaming => new()
    {
        { OpenAiClientLibrary.Official, true }, { OpenAiClientLibrary.Official, false },
        { OpenAiClientLibrary.Betalgo, true }, { OpenAiClientLibrary.Betalgo, false },
        { OpenAiClientLibrary.Relay, true }, { OpenAiClientLibrary.Relay, false },
    };

    [Theory]
    [MemberData(nameof(LibrariesAndStreaming))]
    public async Task Rate_limit_surfaces_as_RateLimited_with_retry_after(OpenAiClientLibrary library, bool streaming)
    {
        _upstream.Scenario.FailWithStatus = 429;
        _upstream.Scenario.RetryAfterSeconds = 7;
        var client = ClientFor(library);

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => CallAsync(client, streaming));

        Assert.Equal(UpstreamFailure.RateLimited, failure.Failure);
        Assert.Equal(429, failure.UpstreamStatus);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        AssertSafeMessage(failure);
        Assert.Single(_upstream.Requests); // no silent SDK retries
    }

    [Theory]
    [MemberData(nameof(LibrariesAndStreaming))]
    public async Task Server_error_surfaces_as_Unavailable(OpenAiClientLibrary library, bool streaming)
    {
        _upstream.Scenario.FailWithStatus = 500;
        var client = ClientFor(library);

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => CallAsync(client, streaming));

        Assert.Equal(UpstreamFailure.Unavailable, failure.Failure);
        Assert.Equal(500, failure.UpstreamStatus);
        AssertSafeMessage(failure);
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task Standard_resilience_from_http_client_defaults_does_not_apply_to_the_upstream_client()
    {
        _upstream.Scenario.FailWithStatus = 500;
        var host = LlmTestServices.Build(
            new Dictionary<string, string?> { ["ChatWidget:Llm:OpenAiClient"] = "Official" },
            services => services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()));
        _hosts.Add(host);
        var client = host.Services.GetRequiredService<IChatClientResolver>()
            .Resolve(LlmTestServices.Profile(), LlmTestServices.OpenAiModel(_upstream.BaseUrl));

        await Assert.ThrowsAsync<UpstreamException>(() => CallAsync(client, streaming: true));

        Assert.Single(_upstream.Requests);
    }

    [Theory]
    [MemberData(nameof(LibrariesAndStreaming))]
    public async Task Rejected_request_surfaces_as_BadResponse(OpenAiClientLibrary library, bool streaming)
    {
        _upstream.Scenario.FailWithStatus = 401;
        var client = ClientFor(library);

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => CallAsync(client, streaming));

        Assert.Equal(UpstreamFailure.BadResponse, failure.Failure);
        Assert.Equal(401, failure.UpstreamStatus);
        AssertSafeMessage(failure);
    }

    [Theory]
    [MemberData(nameof(LibrariesAndStreaming))]
    public async Task Connection_refused_surfaces_as_Unavailable(OpenAiClientLibrary library, bool streaming)
    {
        var client = ClientFor(library, new Uri($"http://127.0.0.1:{TestServers.FreePort.Next()}/v1"));

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => CallAsync(client, streaming));

        Assert.Equal(UpstreamFailure.Unavailable, failure.Failure);
        AssertSafeMessage(failure);
    }

    public static TheoryData<OpenAiClientLibrary, MidStreamBreak, UpstreamFailure> MidStreamBreaks => new()
    {
        // An error event is a bad response; a dropped connection means the upstream is unavailable.
        { OpenAiClientLibrary.Official, MidStreamBreak.ErrorEvent, UpstreamFailure.BadResponse },
        { OpenAiClientLibrary.Betalgo, MidStreamBreak.ErrorEvent, UpstreamFailure.BadResponse },
        { OpenAiClientLibrary.Official, MidStreamBreak.AbortConnection, UpstreamFailure.Unavailable },
        { OpenAiClientLibrary.Betalgo, MidStreamBreak.AbortConnection, UpstreamFailure.Unavailable },
        { OpenAiClientLibrary.Relay, MidStreamBreak.ErrorEvent, UpstreamFailure.BadResponse },
        { OpenAiClientLibrary.Relay, MidStreamBreak.AbortConnection, UpstreamFailure.Unavailable },
    };

    [Theory]
    [MemberData(nameof(MidStreamBreaks))]
    public async Task A_stream_that_breaks_midway_surfaces_its_failure_after_the_received_text(OpenAiClientLibrary library,
        MidStreamBreak breaks, UpstreamFailure expected)
    {
        _upstream.Scenario.Chunks = ["Room", " 3", ".12"];
        _upstream.Scenario.BreakAfterChunks = 2;
        _upstream.Scenario.Break = breaks;
        var client = ClientFor(library);

        var received = new StringBuilder();
        var failure = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Conversation(), ProfileOptions()))
                received.Append(update.Text);
        });

        Assert.Equal("Room 3", received.ToString());
        Assert.Equal(expected, failure.Failure);
        AssertSafeMessage(failure);
    }

    private static async Task CallAsync(IChatClient client, bool streaming)
    {
        if (streaming)
            await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));
        else
            await client.GetResponseAsync(Conversation(), ProfileOptions());
    }

    private static void AssertSafeMessage(UpstreamException failure)
    {
        foreach (var secret in new[] { "sk-test-key", "Which room", "When is the exam", "course assistant", "fake upstream" })
        {
            Assert.DoesNotContain(secret, failure.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
