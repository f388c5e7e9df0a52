using System.Runtime.CompilerServices;
using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>
/// When the relayed answer is flushed to the client: a chunk that arrives alone goes out before the model is waited
/// for again; chunks that arrive together (one upstream read) go out in one write.
/// </summary>
public class StreamedAnswerFlushTests
{
    [Fact]
    public async Task Chunks_that_arrive_together_leave_in_one_flush_with_every_event_intact()
    {
        var body = new FlushRecordingStream();

        var attempt = await RelayAsync(body, Together("Hel", "lo", " there"));

        Assert.Equal(ChatTurnResult.Completed, attempt.Outcome);
        Assert.Single(body.Flushes);
        var events = body.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, events.Length); // three deltas, the finish, [DONE]
        Assert.Contains("\"role\":\"assistant\",\"content\":\"Hel\"", events[0]);
        Assert.Contains("\"content\":\" there\"", events[2]);
        Assert.Equal("data: [DONE]", events[4]);
    }

    [Fact]
    public async Task A_chunk_that_arrives_alone_reaches_the_client_while_the_model_is_still_silent()
    {
        var body = new FlushRecordingStream();

        // The model sends its next chunk only once the client has the previous one: a relay that held a chunk back
        // until the next arrived would never finish.
        var attempt = await RelayAsync(body, Apart(body, "Hel", "lo")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ChatTurnResult.Completed, attempt.Outcome);
        Assert.EndsWith("data: [DONE]\n\n", body.Text);
    }

    private static async Task<AnswerAttempt> RelayAsync(Stream body, IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = body;
        var answer = new StreamedAnswer(new PromptTokenCounter(), new StaticOptions(new UpstreamResilienceOptions()), NullLogger<StreamedAnswer>.Instance);
        var model = new ModelSettings("m", "offline", null, null, "m", 8000, true);
        var call = new AnswerCall(new ScriptedUpdates(updates), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions(), model, "support", null, 10,
            IncludeUsage: false, StartedTimestamp: 0, Sources: []);
        return await answer.RelayAsync(http, call, CancellationToken.None);
    }

#pragma warning disable CS1998 // synchronous on purpose: every update is already there, as when one read brought them all
    private static async IAsyncEnumerable<ChatResponseUpdate> Together(params string[] texts)
    {
        foreach (var text in texts) yield return new ChatResponseUpdate(ChatRole.Assistant, text);
    }
#pragma warning restore CS1998

    private static async IAsyncEnumerable<ChatResponseUpdate> Apart(FlushRecordingStream body, params string[] texts)
    {
        foreach (var text in texts)
        {
            var sent = body.Text;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            await body.UntilFlushedPast(sent.Length);
            Assert.Contains($"\"content\":\"{text}\"", body.Text);
        }
    }

    private sealed class ScriptedUpdates(IAsyncEnumerable<ChatResponseUpdate> updates) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => updates;

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class StaticOptions(UpstreamResilienceOptions value) : IOptionsMonitor<UpstreamResilienceOptions>
    {
        public UpstreamResilienceOptions CurrentValue => value;

        public UpstreamResilienceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<UpstreamResilienceOptions, string?> listener) => null;
    }

    private sealed class FlushRecordingStream : MemoryStream
    {
        private readonly MemoryStream _sent = new();

        public List<int> Flushes { get; } = [];

        private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>What reached the client: the bytes written up to the last flush.</summary>
        public string Text
        {
            get
            {
                lock (_sent) return Encoding.UTF8.GetString(_sent.ToArray());
            }
        }

        public async Task UntilFlushedPast(int length)
        {
            while (true)
            {
                var flushed = Volatile.Read(ref _flushed);
                lock (_sent)
                {
                    if (_sent.Length > length) return;
                }

                await flushed.Task;
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await base.FlushAsync(cancellationToken);
            lock (_sent)
            {
                Flushes.Add((int)Length);
                _sent.SetLength(0);
                _sent.Write(ToArray());
            }

            Interlocked.Exchange(ref _flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        }
    }
}
