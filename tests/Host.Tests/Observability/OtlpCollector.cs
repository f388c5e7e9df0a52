using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>A stand-in OpenTelemetry collector on loopback: keeps every OTLP/HTTP request body exactly as exported.</summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<(string Path, byte[] Body)> Received => [.. _received];

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            collector._received.Enqueue((http.Request.Path.Value!, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        collector.Endpoint = new Uri(app.Urls.First());
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
