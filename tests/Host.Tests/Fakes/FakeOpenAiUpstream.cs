using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Fakes;

/// <summary>
/// A real Kestrel server on loopback speaking OpenAI's chat completions wire format, so the SDK clients
/// are exercised through their real HTTP stacks (connection handling, SSE parsing, cancellation) rather
/// than through mocked handlers that would hide exactly the behaviour we need to measure.
/// </summary>
public sealed class FakeOpenAiUpstream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedUpstreamRequest> _requests = new();
    private readonly TaskCompletionSource<DateTimeOffset> _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> _firstChunkSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAiUpstream(WebApplication app) => _app = app;

    public FakeUpstreamScenario Scenario { get; set; } = new();

    /// <summary>When set, picks the scenario of each request (called once per request), instead of <see cref="Scenario"/>.</summary>
    public Func<FakeUpstreamScenario>? ScenarioPerRequest { get; set; }

    /// <summary>Keep every request in <see cref="Requests"/>; a soak turns this off so the recording does not weigh on memory.</summary>
    public bool RecordRequests { get; set; } = true;

    private int _inFlight;
    private int _handled;

    /// <summary>Requests whose handler is still running: after every client is done, anything left is a leaked upstream call.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests received so far (cheaper than <see cref="Requests"/> under load).</summary>
    public int Handled => Volatile.Read(ref _handled);

    /// <summary>The base URL a model would be configured with, including <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedUpstreamRequest> Requests => [.. _requests];

    /// <summary>Completes with the time the first request's body had been read.</summary>
    public Task<DateTimeOffset> RequestReceived => _received.Task;

    /// <summary>Completes with the time the first content chunk was flushed to the client.</summary>
    public Task<DateTimeOffset> FirstChunkSent => _firstChunkSent.Task;

    /// <summary>Completes with the time Kestrel's <c>RequestAborted</c> fired for a request: the client went away.</summary>
    public Task<DateTimeOffset> RequestAborted => _aborted.Task;

    public static async Task<FakeOpenAiUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new FakeOpenAiUpstream(app);
        // Any prefix before /chat/completions, so base URLs with a path (Azure's /openai/v1) can be tested.
        app.MapPost("/{**prefix}", context => context.Request.Path.Value!.EndsWith("/chat/completions", StringComparison.Ordinal)
            ? upstream.HandleAsync(context)
            : Results.NotFound().ExecuteAsync(context));
        await app.StartAsync();
        var address = app.Urls.First();
        upstream.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return upstream;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _handled);
        try
        {
            await HandleScenarioAsync(context, ScenarioPerRequest?.Invoke() ?? Scenario);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleScenarioAsync(HttpContext context, FakeUpstreamScenario scenario)
    {
        var aborted = context.RequestAborted;
        aborted.Register(() => _aborted.TrySetResult(DateTimeOffset.UtcNow));

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: CancellationToken.None);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedUpstreamRequest(context.Request.Method, context.Request.Path, headers, body.RootElement.Clone());
        if (RecordRequests) _requests.Enqueue(request);
        _received.TrySetResult(DateTimeOffset.UtcNow);

        try
        {
            await Task.Delay(scenario.DelayBeforeHeaders, aborted);

            if (scenario.FailWithStatus is { } status)
            {
                context.Response.StatusCode = status;
                if (scenario.RetryAfterSeconds is { } retryAfter)
                    context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new
                {
                    error = new { message = $"fake upstream failure {status}", type = status == 429 ? "rate_limit_exceeded" : "server_error", code = (string?)null },
                }, aborted);
                return;
            }

            var model = request.Body.TryGetProperty("model", out var m) ? m.GetString() : "fake";
            if (request.Stream)
            {
                await StreamAsync(context, scenario, request, model, aborted);
                return;
            }

            if (scenario.DelayBeforeFirstToken > TimeSpan.Zero)
            {
                // Headers first, then the stall: an upstream that answered and then stopped sending.
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(aborted);
                await context.Response.Body.FlushAsync(aborted);
                await Task.Delay(scenario.DelayBeforeFirstToken, aborted);
            }
            await context.Response.WriteAsJsonAsync(Completion(scenario, model), Json, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; RequestAborted has recorded when.
        }
    }

    private async Task StreamAsync(HttpContext context, FakeUpstreamScenario scenario, RecordedUpstreamRequest request, string? model, CancellationToken aborted)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(aborted);
        await context.Response.Body.FlushAsync(aborted);
        await Task.Delay(scenario.DelayBeforeFirstToken, aborted);

        for (var i = 0; i < scenario.Chunks.Count; i++)
        {
            if (scenario.BreakAfterChunks == i)
            {
                if (scenario.Break == MidStreamBreak.AbortConnection)
                {
                    // Let the client read what was sent first: the abort resets the connection, and a
                    // reset makes the client's TCP stack discard data it has not read yet.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), aborted);
                    context.Abort();
                    return;
                }
                await WriteEventAsync(context, new { error = new { message = "fake upstream broke mid-stream", type = "server_error", code = (string?)null } }, aborted);
                return;
            }
            if (i > 0)
                await Task.Delay(scenario.ChunkInterval, aborted);
            var delta = i == 0 ? (object)new { role = "assistant", content = scenario.Chunks[i] } : new { content = scenario.Chunks[i] };
            await WriteEventAsync(context, Chunk(model, delta, finishReason: null), aborted);
            _firstChunkSent.TrySetResult(DateTimeOffset.UtcNow);
        }

        await WriteEventAsync(context, Chunk(model, new { }, "stop"), aborted);

        var includeUsage = request.Body.TryGetProperty("stream_options", out var so)
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        if (includeUsage)
        {
            await WriteEventAsync(context, new
            {
                id = "chatcmpl-fake", @object = "chat.completion.chunk", created = Created, model,
                choices = Array.Empty<object>(), usage = Usage(scenario),
            }, aborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
        await context.Response.Body.FlushAsync(aborted);
    }

    private static async Task WriteEventAsync(HttpContext context, object payload, CancellationToken cancellationToken)
    {
        var line = "data: " + JsonSerializer.Serialize(payload, Json) + "\n\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static long Created => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static object Usage(FakeUpstreamScenario s) => new
    {
        prompt_tokens = s.PromptTokens, completion_tokens = s.CompletionTokens, total_tokens = s.PromptTokens + s.CompletionTokens,
    };

    private static object Chunk(string? model, object delta, string? finishReason) => new
    {
        id = "chatcmpl-fake", @object = "chat.completion.chunk", created = Created, model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static object Completion(FakeUpstreamScenario s, string? model) => new
    {
        id = "chatcmpl-fake", @object = "chat.completion", created = Created, model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(s.Chunks) }, finish_reason = "stop" } },
        usage = Usage(s),
    };

    public async ValueTask DisposeAsync()
    {
        // A short stop timeout: tests leave requests hanging on purpose (slow upstreams), and Kestrel
        // would otherwise wait for them.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
