using System.Diagnostics;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>Cancelling an OpenAI-compatible client call aborts the upstream request promptly, and no client holds the calling thread while the upstream thinks.</summary>
[Collection(TimingSensitive.Name)]
public sealed class OpenAiCompatibleClientContractCancellationTests : OpenAiCompatibleClientContract
{
    private static readonly TimeSpan AbortBudget = TimeSpan.FromSeconds(1);

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
}
