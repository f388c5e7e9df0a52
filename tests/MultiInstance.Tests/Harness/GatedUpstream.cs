using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// A fake OpenAI-compatible model on loopback whose streamed answers stop after their first chunks until the test
/// opens the gate. A client that sees the first chunk while the gate is still shut has proof that nothing between
/// it and the model (Host, nginx) held the stream back, without measuring any time.
/// </summary>
public sealed class GatedUpstream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstChunksSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private GatedUpstream(WebApplication app, IReadOnlyList<string> beforeGate, IReadOnlyList<string> afterGate)
    {
        _app = app;
        BeforeGate = beforeGate;
        AfterGate = afterGate;
    }

    public IReadOnlyList<string> BeforeGate { get; }

    public IReadOnlyList<string> AfterGate { get; }

    /// <summary>The whole answer.</summary>
    public string Answer => string.Concat(BeforeGate.Concat(AfterGate));

    /// <summary>The base URL a model is configured with, including <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when a stream has sent its chunks before the gate.</summary>
    public Task FirstChunksSent => _firstChunksSent.Task;

    public bool IsGateOpen => _gate.Task.IsCompleted;

    public static async Task<GatedUpstream> StartAsync(IReadOnlyList<string> beforeGate, IReadOnlyList<string> afterGate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new GatedUpstream(app, beforeGate, afterGate);
        app.MapPost("/v1/chat/completions", upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/v1");
        return upstream;
    }

    /// <summary>Lets every held stream, and every later one, send the rest of its answer.</summary>
    public void OpenGate() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        OpenGate();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var aborted = context.RequestAborted;
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: aborted);
        var model = body.RootElement.TryGetProperty("model", out var m) ? m.GetString() : "gpt-test";
        var stream = body.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        if (!stream)
        {
            await _gate.Task.WaitAsync(aborted);
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-gated", @object = "chat.completion", created = Created, model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = Answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            }, Json, aborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var first = true;
        foreach (var text in BeforeGate)
        {
            await WriteChunkAsync(context, model, first ? new { role = "assistant", content = text } : new { content = text }, null, aborted);
            first = false;
        }

        _firstChunksSent.TrySetResult();
        await _gate.Task.WaitAsync(aborted);
        foreach (var text in AfterGate) await WriteChunkAsync(context, model, new { content = text }, null, aborted);
        await WriteChunkAsync(context, model, new { }, "stop", aborted);
        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
        await context.Response.Body.FlushAsync(aborted);
    }

    private static async Task WriteChunkAsync(HttpContext context, string? model, object delta, string? finishReason, CancellationToken cancellationToken)
    {
        var chunk = new
        {
            id = "chatcmpl-gated", @object = "chat.completion.chunk", created = Created, model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + JsonSerializer.Serialize(chunk, Json) + "\n\n"), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static long Created => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
