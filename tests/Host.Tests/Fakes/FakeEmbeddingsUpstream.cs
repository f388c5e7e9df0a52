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
/// A real Kestrel server on loopback answering OpenAI's <c>POST /v1/embeddings</c> with deterministic vectors: a bag of
/// words hashed into <see cref="Dimensions"/> dimensions, where a few words of the tests' course material meet their
/// paraphrases (<see cref="Concepts"/>), so "overdue assignments" lands next to "late work" although they share no word.
/// It records what it was sent, and can be put <see cref="Down"/> (it answers 503, echoing the key as some do) or made to hang.
/// </summary>
public sealed class FakeEmbeddingsUpstream : IAsyncDisposable
{
    public const int Dimensions = 256;

    /// <summary>Words that mean the same thing to the fake model: each maps to its concept.</summary>
    public static readonly IReadOnlyDictionary<string, string> Concepts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["overdue"] = "late", ["late"] = "late", ["tardy"] = "late",
        ["assignments"] = "work", ["assignment"] = "work", ["homework"] = "work", ["work"] = "work",
        ["penalty"] = "lose", ["penalised"] = "lose", ["loses"] = "lose", ["lose"] = "lose",
        ["teacher"] = "office", ["office"] = "office", ["consultation"] = "hours", ["hours"] = "hours",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedUpstreamRequest> _requests = new();

    private FakeEmbeddingsUpstream(WebApplication app) => _app = app;

    /// <summary>The base URL a model would be configured with, including <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Answer 503 to every request (with the bearer key in the error body, as a careless upstream might).</summary>
    public bool Down { get; set; }

    /// <summary>Never answer (until the client gives up): an endpoint that hangs.</summary>
    public bool Hangs { get; set; }

    public IReadOnlyList<RecordedUpstreamRequest> Requests => [.. _requests];

    /// <summary>Every input embedded so far, in the order received.</summary>
    public IReadOnlyList<string> Inputs => [.. Requests.SelectMany(r => r.Body.GetProperty("input").EnumerateArray().Select(i => i.GetString()!))];

    public static async Task<FakeEmbeddingsUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new FakeEmbeddingsUpstream(app);
        app.MapPost("/v1/embeddings", upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/v1");
        return upstream;
    }

    /// <summary>The fake model's vector of <paramref name="text"/> (not normalised).</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[])[' ', '\n', '?', '.', ',', '!', ':', '›'], StringSplitOptions.RemoveEmptyEntries))
        {
            var concept = Concepts.GetValueOrDefault(word, word);
            // FNV-1a: the same dimension for the same concept in every process.
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes(concept)) hash = (hash ^ b) * 16777619u;
            vector[hash % Dimensions] += 1;
        }

        return vector;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedUpstreamRequest(context.Request.Method, context.Request.Path, headers, body.RootElement.Clone()));
        if (Hangs)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (Down)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"overloaded; key {context.Request.Headers.Authorization} is fine" } });
            return;
        }

        var inputs = body.RootElement.GetProperty("input").EnumerateArray().Select(i => i.GetString()!).ToList();
        // Reversed, with their indexes, as an upstream is free to order them.
        var data = inputs.Select((input, index) => new { @object = "embedding", index, embedding = Embed(input) }).Reverse();
        await context.Response.WriteAsJsonAsync(new { @object = "list", data, model = body.RootElement.GetProperty("model").GetString() });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
