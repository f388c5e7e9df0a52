using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>
/// The same expectations for the OpenAI client libraries and Host's own relay, built through the production resolver and
/// talking to a real HTTP server. Where Betalgo behaves differently, a separately named test records
/// what it actually does.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class OpenAiCompatibleClientContractTests : IAsyncLifetime
{
    private static readonly TimeSpan AbortBudget = TimeSpan.FromSeconds(1);

    private FakeOpenAiUpstream _upstream = null!;
    private readonly List<IHost> _hosts = [];
    private readonly List<IDisposable> _disposables = [];

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
            host.Dispose();
        foreach (var disposable in _disposables)
            disposable.Dispose();
        await _upstream.DisposeAsync();
    }

    public static TheoryData<OpenAiClientLibrary> Libraries => new() { OpenAiClientLibrary.Official, OpenAiClientLibrary.Betalgo, OpenAiClientLibrary.Relay };

    /// <summary>The fully asynchronous clients, which ask a streaming upstream for usage and report it.</summary>
    public static TheoryData<OpenAiClientLibrary> OfficialAndRelay => new() { OpenAiClientLibrary.Official, OpenAiClientLibrary.Relay };

    private IChatClient ClientFor(OpenAiClientLibrary library, Uri? baseUrl = null)
    {
        var host = LlmTestServices.Build(library);
        _hosts.Add(host);
        var profile = LlmTestServices.Profile();
        return host.Services.GetRequiredService<IChatClientResolver>()
            .Resolve(profile, LlmTestServices.OpenAiModel(baseUrl ?? _upstream.BaseUrl));
    }

    private static ChatOptions ProfileOptions() => new() { Temperature = 0.3f, MaxOutputTokens = 128 };

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are a helpful course assistant."),
        new(ChatRole.User, "When is the exam?"),
        new(ChatRole.Assistant, "On Friday."),
        new(ChatRole.User, "Which room?"),
    ];

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Streams_text_in_order_and_sends_model_sampling_and_history(OpenAiClientLibrary library)
    {
        _upstream.Scenario.Chunks = ["Room", " 3", ".12", ", second", " floor."];
        var client = ClientFor(library);

        var text = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Conversation(), ProfileOptions()))
        {
            text.Append(update.Text);
            updates++;
        }

        Assert.Equal("Room 3.12, second floor.", text.ToString());
        Assert.True(updates >= 5, $"expected one update per chunk, got {updates}");

        var request = Assert.Single(_upstream.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Headers["Authorization"]);
        Assert.True(request.Stream);
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
        Assert.Equal(0.3, request.Body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(128, MaxOutputTokensOf(request.Body));
        var messages = request.Body.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), ContentOf(m)))
            .ToArray();
        Assert.Equal(
            [("system", "You are a helpful course assistant."), ("user", "When is the exam?"), ("assistant", "On Friday."), ("user", "Which room?")],
            messages);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Answers_without_streaming_with_usage(OpenAiClientLibrary library)
    {
        _upstream.Scenario.Chunks = ["Room 3.12."];
        _upstream.Scenario.PromptTokens = 21;
        _upstream.Scenario.CompletionTokens = 4;
        var client = ClientFor(library);

        var response = await client.GetResponseAsync(Conversation(), ProfileOptions());

        Assert.Equal("Room 3.12.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(21, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_upstream.Requests);
        Assert.False(request.Stream);
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Honours_a_base_url_with_a_path_before_the_version(OpenAiClientLibrary library)
    {
        var client = ClientFor(library, new Uri(_upstream.BaseUrl, "/openai/v1"));

        var response = await client.GetResponseAsync(Conversation(), ProfileOptions());

        Assert.Equal("Hello, world!", response.Text);
        Assert.Equal("/openai/v1/chat/completions", Assert.Single(_upstream.Requests).Path);
    }

    [Theory]
    [MemberData(nameof(OfficialAndRelay))]
    public async Task Streaming_reports_token_usage(OpenAiClientLibrary library)
    {
        _upstream.Scenario.PromptTokens = 30;
        _upstream.Scenario.CompletionTokens = 5;
        var client = ClientFor(library);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));

        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(30, usage.Details.InputTokenCount);
        Assert.Equal(5, usage.Details.OutputTokenCount);
        Assert.True(_upstream.Requests.Single().Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Betalgo_streaming_drops_token_usage()
    {
        var client = ClientFor(OpenAiClientLibrary.Betalgo);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));

        // Betalgo neither asks for usage (no stream_options.include_usage) nor would surface it.
        Assert.Equal("Hello, world!", string.Concat(updates.Select(u => u.Text)));
        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.False(_upstream.Requests.Single().Body.TryGetProperty("stream_options", out _));
    }

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
        var client = ClientFor(library, new Uri($"http://127.0.0.1:{UnusedPort()}/v1"));

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

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Cancelling_mid_stream_aborts_the_upstream_request_within_a_second(OpenAiClientLibrary library)
    {
        _upstream.Scenario.Chunks = [.. Enumerable.Range(0, 50).Select(i => $"word{i} ")];
        _upstream.Scenario.ChunkInterval = TimeSpan.FromMilliseconds(100);
        var client = ClientFor(library);
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        DateTimeOffset cancelledAt = default;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Conversation(), ProfileOptions(), cancellation.Token))
            {
                if (++received == 2)
                {
                    cancelledAt = DateTimeOffset.UtcNow;
                    await cancellation.CancelAsync();
                }
            }
        });

        var abortedAt = await _upstream.RequestAborted.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.InRange(abortedAt - cancelledAt, TimeSpan.Zero, AbortBudget);
    }

    [Theory]
    [MemberData(nameof(OfficialAndRelay))]
    public async Task Cancelling_before_response_headers_aborts_promptly(OpenAiClientLibrary library)
    {
        _upstream.Scenario.DelayBeforeHeaders = TimeSpan.FromSeconds(10);
        var client = ClientFor(library);
        using var cancellation = new CancellationTokenSource();

        var call = CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions(), cancellation.Token));
        await _upstream.RequestReceived.WaitAsync(TimeSpan.FromSeconds(2));
        var cancelledAt = DateTimeOffset.UtcNow;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(DateTimeOffset.UtcNow - cancelledAt, TimeSpan.Zero, AbortBudget);
        var abortedAt = await _upstream.RequestAborted.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.InRange(abortedAt - cancelledAt, TimeSpan.Zero, AbortBudget);
    }

    [Fact]
    public async Task Betalgo_cancelling_before_response_headers_aborts_promptly_because_its_synchronous_send_takes_the_token()
    {
        _upstream.Scenario.DelayBeforeHeaders = TimeSpan.FromSeconds(10);
        var client = ClientFor(OpenAiClientLibrary.Betalgo);
        using var cancellation = new CancellationTokenSource();

        var call = CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions(), cancellation.Token));
        await _upstream.RequestReceived.WaitAsync(TimeSpan.FromSeconds(2));
        var cancelledAt = DateTimeOffset.UtcNow;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(DateTimeOffset.UtcNow - cancelledAt, TimeSpan.Zero, AbortBudget);
        var abortedAt = await _upstream.RequestAborted.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.InRange(abortedAt - cancelledAt, TimeSpan.Zero, AbortBudget);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Does_not_block_the_calling_thread_while_waiting_for_response_headers(OpenAiClientLibrary library)
    {
        var client = ClientFor(library);
        // Warm up first, so the measurement is not of JIT compiling the library's request path.
        await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));
        _upstream.Scenario.DelayBeforeHeaders = TimeSpan.FromMilliseconds(800);

        var (returnedAfter, completedOnReturn) = await TimeFirstMoveNextCallAsync(client);

        Assert.False(completedOnReturn);
        Assert.InRange(returnedAfter, TimeSpan.Zero, TimeSpan.FromMilliseconds(400));
    }

    /// <summary>Why SynchronousSendOffloadingChatClient exists.</summary>
    [Fact]
    public async Task Betalgo_on_its_own_blocks_the_calling_thread_until_response_headers_arrive()
    {
        _upstream.Scenario.DelayBeforeHeaders = TimeSpan.FromMilliseconds(500);
        var client = PlainBetalgoService();

        var (returnedAfter, completedOnReturn) = await TimeFirstMoveNextCallAsync(client);

        // The first MoveNextAsync call itself does not return until the headers are in: its thread is held
        // for the whole time the upstream takes to answer.
        Assert.True(completedOnReturn);
        Assert.True(returnedAfter >= TimeSpan.FromMilliseconds(450), $"returned after {returnedAfter}");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Cancelling_while_waiting_for_the_first_token_aborts_the_upstream_within_a_second(OpenAiClientLibrary library)
    {
        _upstream.Scenario.DelayBeforeFirstToken = TimeSpan.FromSeconds(10);
        var client = ClientFor(library);
        using var cancellation = new CancellationTokenSource();

        var call = Task.Run(() => CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions(), cancellation.Token)));
        await _upstream.RequestReceived.WaitAsync(TimeSpan.FromSeconds(2));
        await Task.Delay(100); // past the headers, into the wait for the first token
        var cancelledAt = DateTimeOffset.UtcNow;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(DateTimeOffset.UtcNow - cancelledAt, TimeSpan.Zero, AbortBudget);
        var abortedAt = await _upstream.RequestAborted.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.InRange(abortedAt - cancelledAt, TimeSpan.Zero, AbortBudget);
    }

    /// <summary>
    /// Why UpstreamCancellationHandler exists: on a plain HttpClient, Betalgo checks the token only after a
    /// stream line arrives, so cancelling while the model thinks is noticed only when the next line comes.
    /// </summary>
    [Fact]
    public async Task Betalgo_on_a_plain_HttpClient_notices_cancellation_only_when_the_next_line_arrives()
    {
        _upstream.Scenario.DelayBeforeFirstToken = TimeSpan.FromMilliseconds(900);
        var client = PlainBetalgoService();
        using var cancellation = new CancellationTokenSource();

        var call = Task.Run(() => CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions(), cancellation.Token)));
        var receivedAt = await _upstream.RequestReceived.WaitAsync(TimeSpan.FromSeconds(2));
        await Task.Delay(100);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // The first line leaves the upstream 900 ms after it read the request; that, not the cancellation
        // 100 ms in, is what ends the call.
        var returnedAfter = DateTimeOffset.UtcNow - receivedAt;
        Assert.True(returnedAfter >= TimeSpan.FromMilliseconds(850), $"returned {returnedAfter} after the request");
    }

    /// <summary>Betalgo's own client on an HttpClient without our handlers: the library as it comes.</summary>
    private IChatClient PlainBetalgoService()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(UpstreamHttpClient.Name, c => c.Timeout = Timeout.InfiniteTimeSpan);
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        return new BetalgoClientFactory(provider.GetRequiredService<IHttpClientFactory>()).CreateService(LlmTestServices.OpenAiModel(_upstream.BaseUrl));
    }

    private static async Task<(TimeSpan ReturnedAfter, bool CompletedOnReturn)> TimeFirstMoveNextCallAsync(IChatClient client)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var updates = client.GetStreamingResponseAsync(Conversation(), ProfileOptions()).GetAsyncEnumerator();
        var pending = updates.MoveNextAsync();
        var returnedAfter = stopwatch.Elapsed;
        var completedOnReturn = pending.IsCompleted;
        await pending;
        return (returnedAfter, completedOnReturn);
    }

    private static async Task CallAsync(IChatClient client, bool streaming)
    {
        if (streaming)
            await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));
        else
            await client.GetResponseAsync(Conversation(), ProfileOptions());
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
            list.Add(update);
        return list;
    }

    private static void AssertSafeMessage(UpstreamException failure)
    {
        foreach (var secret in new[] { "sk-test-key", "Which room", "When is the exam", "course assistant", "fake upstream" })
        {
            Assert.DoesNotContain(secret, failure.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static int MaxOutputTokensOf(JsonElement body) =>
        body.TryGetProperty("max_completion_tokens", out var completion) ? completion.GetInt32() : body.GetProperty("max_tokens").GetInt32();

    private static string? ContentOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
