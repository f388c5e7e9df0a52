using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Benchmarks.Upstream;

/// <summary>
/// An OpenAI-compatible chat completions server that streams a fixed answer in the shape its URL names.
/// It shares the machine with Host and the load generator, so it does as little as possible per chunk:
/// every event is serialised once at start and each stream only writes the same bytes on a timer.
/// </summary>
public static class FakeUpstreamServer
{
    private static readonly byte[] RoleEvent = Event(new { id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 0, model = "bench",
        choices = new[] { new { index = 0, delta = new { role = "assistant" }, finish_reason = (string?)null } } });

    private static readonly byte[] ContentEvent = Event(new { id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 0, model = "bench",
        choices = new[] { new { index = 0, delta = new { content = "word " }, finish_reason = (string?)null } } });

    private static readonly byte[] StopEvent = Event(new { id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 0, model = "bench",
        choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } } });

    private static readonly byte[] UsageEvent = Event(new { id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 0, model = "bench",
        choices = Array.Empty<object>(), usage = new { prompt_tokens = 40, completion_tokens = 50, total_tokens = 90 } });

    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Serves on 127.0.0.1 at <paramref name="port"/> (0: any free port), prints the base address, runs until stopped.</summary>
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        // What a proxy started in front of it waits for (NginxProcess), as it waits for Host's.
        app.MapGet("/readyz", () => "ready");
        app.MapPost("/shape/{chunks:int:range(1,10000)}/{interval:int:range(0,60000)}/{ttft:int:range(0,60000)}/v1/chat/completions",
            (HttpContext context, int chunks, int interval, int ttft) =>
                StreamAsync(context, new StreamShape(chunks, interval, ttft)));
        await app.StartAsync();
        Console.WriteLine($"upstream listening on {app.Urls.First()}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task StreamAsync(HttpContext context, StreamShape shape)
    {
        var aborted = context.RequestAborted;
        // Read the request as a real upstream would, so the client's full send is part of every measurement.
        await context.Request.Body.CopyToAsync(Stream.Null, aborted);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await context.Response.StartAsync(aborted);
            await context.Response.Body.FlushAsync(aborted);
            await WaitAsync(shape.FirstTokenMilliseconds, aborted);
            await WriteAsync(context, RoleEvent, aborted);
            for (var i = 0; i < shape.Chunks; i++)
            {
                if (i > 0) await WaitAsync(shape.IntervalMilliseconds, aborted);
                await WriteAsync(context, ContentEvent, aborted);
            }
            await WriteAsync(context, StopEvent, aborted);
            await WriteAsync(context, UsageEvent, aborted);
            await WriteAsync(context, DoneEvent, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static Task WaitAsync(int milliseconds, CancellationToken cancellationToken) =>
        milliseconds == 0 ? Task.CompletedTask : Task.Delay(milliseconds, cancellationToken);

    private static async Task WriteAsync(HttpContext context, byte[] bytes, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static byte[] Event(object payload) => Encoding.UTF8.GetBytes("data: " + JsonSerializer.Serialize(payload) + "\n\n");
}
