using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatWidget.Host.Tests.Fakes;
using Xunit.Abstractions;

namespace ChatWidget.Host.Tests.Hardening;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Soak";
}

/// <summary>
/// Load held: 200 concurrent learners streaming answers for 25 s through real sockets (Host on Kestrel, the fake upstream on
/// loopback); 10% of them hang up mid-answer and the upstream fails 5% of its calls (half before answering, half mid-stream).
/// Runs alone (no other test class in parallel) so the memory measurement is Host's. No timing assertions beyond timeouts.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Clients = 200;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(25);
    private static readonly string[] Chunks = [.. Enumerable.Range(0, 8).Select(i => $"w{i} ")];
    private static readonly string Expected = string.Concat(Chunks);

    private enum Outcome { Complete, CleanError, RateLimited, Disconnected, Broken }

    [Fact]
    public async Task Two_hundred_concurrent_streams_with_disconnects_and_upstream_failures()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Polly"] = "Critical",
            ["ChatWidget:RateLimits:TokenPerIp:Burst"] = "100000",
            ["ChatWidget:RateLimits:ChatPerIp:Burst"] = "1000000",
            ["ChatWidget:RateLimits:ChatPerIp:PerMinute"] = "6000000",
            ["ChatWidget:RateLimits:ChatPerPlatform:Burst"] = "1000000",
            ["ChatWidget:RateLimits:ChatPerPlatform:PerMinute"] = "6000000",
            ["ChatWidget:RateLimits:ChatPerSession:Burst"] = "100000",
            ["ChatWidget:RateLimits:ChatPerLearner:Burst"] = "100000",
            // A client that hung up may start its next turn before Host has finished tearing down the last one.
            ["ChatWidget:RateLimits:StreamsPerSession"] = "4",
            // 5% failures must not open the circuit; the breaker has its own tests.
            ["ChatWidget:Upstream:CircuitFailureRatio"] = "1",
            ["ChatWidget:Upstream:CircuitMinimumThroughput"] = "10000",
        }, withFallback: false, realSocket: true);
        stack.Primary.RecordRequests = false;
        stack.Primary.ScenarioPerRequest = () => Random.Shared.Next(100) switch
        {
            < 2 => new FakeUpstreamScenario { Chunks = Chunks, FailWithStatus = 500 },
            < 5 => new FakeUpstreamScenario { Chunks = Chunks, ChunkInterval = TimeSpan.FromMilliseconds(40), BreakAfterChunks = 3 },
            _ => new FakeUpstreamScenario { Chunks = Chunks, ChunkInterval = TimeSpan.FromMilliseconds(40) },
        };

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = stack.Host.CreateClient().BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var tokens = new string[Clients];
        for (var i = 0; i < Clients; i++) tokens[i] = await stack.LaunchAsync($"learner-{i}");

        // Warm up, then take the baseline.
        for (var i = 0; i < 20; i++) await OneTurnAsync(http, tokens[i], disconnect: false);
        var baseline = SettledMemory();

        var outcomes = new ConcurrentDictionary<Outcome, int>();
        var broken = new ConcurrentQueue<string>();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            while (stopwatch.Elapsed < Duration)
            {
                var (outcome, detail) = await OneTurnAsync(http, tokens[client], disconnect: Random.Shared.Next(10) == 0);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                if (outcome == Outcome.Broken) broken.Enqueue(detail);
            }
        })));
        var elapsed = stopwatch.Elapsed;

        // Every upstream call ends once its client is gone: Host cancels them, none is left behind.
        var drain = Stopwatch.StartNew();
        while (stack.Primary.InFlight > 0 && drain.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(100);
        var leaked = stack.Primary.InFlight;
        http.Dispose();
        var after = SettledMemory();
        var health = await stack.Host.CreateClient().GetAsync("/healthz");

        var report = $"soak: {Clients} clients for {elapsed.TotalSeconds:0.0} s; turns {outcomes.Values.Sum()}: " +
                     string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")) +
                     $"; upstream calls {stack.Primary.Handled}, still open {leaked}; managed memory {baseline / 1048576.0:0.0} MiB before, {after / 1048576.0:0.0} MiB after";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "chatwidget-soak.txt"), report);

        Assert.True(broken.IsEmpty, $"{broken.Count} turns neither completed nor failed cleanly, e.g. {string.Join(" | ", broken.Take(3))}");
        Assert.True(outcomes.GetValueOrDefault(Outcome.Complete) > Clients, "most turns complete");
        Assert.Equal(0, leaked);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var unhandled = stack.Host.Logs.Lines.Where(l => l.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(unhandled.Count == 0, string.Join('\n', unhandled.Take(3)));
        // Generous: the point is that nothing per request is kept (no leaked streams, buffers or limiter partitions growing).
        Assert.True(after < baseline + 96L * 1024 * 1024, report);
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<(Outcome, string)> OneTurnAsync(HttpClient http, string token, bool disconnect)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable)
            {
                var body = await response.Content.ReadAsStringAsync(cancel.Token);
                return IsOpenAiError(body) ? (Outcome.CleanError, "") : (Outcome.Broken, $"{(int)response.StatusCode} {body}");
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Still a clean answer: the documented error and a Retry-After, which a client honours.
                var body = await response.Content.ReadAsStringAsync(cancel.Token);
                if (!IsOpenAiError(body) || response.Headers.RetryAfter?.Delta is null) return (Outcome.Broken, $"429 {body}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                return (Outcome.RateLimited, "");
            }

            if (response.StatusCode != HttpStatusCode.OK) return (Outcome.Broken, $"status {(int)response.StatusCode}");
            await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            if (disconnect)
            {
                // Read the first event, then hang up mid-answer.
                _ = await stream.ReadAtLeastAsync(new byte[64], 1, throwOnEndOfStream: false, cancel.Token);
                await cancel.CancelAsync();
                return (Outcome.Disconnected, "");
            }

            using var reader = new StreamReader(stream);
            var sse = await reader.ReadToEndAsync(cancel.Token);
            var (text, done) = EndToEnd.ChatRequests.ReadStream(WithoutErrorEvents(sse, out var errorEvent));
            if (done && text == Expected && errorEvent is null) return (Outcome.Complete, "");
            if (!done && errorEvent is not null && IsOpenAiError(errorEvent)) return (Outcome.CleanError, "");
            return (Outcome.Broken, $"stream done={done} text='{text}' error={errorEvent}");
        }
        catch (Exception e) when (disconnect && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return (Outcome.Disconnected, "");
        }
        catch (Exception e)
        {
            return (Outcome.Broken, e.GetType().Name + ": " + e.Message);
        }
    }

    private static string WithoutErrorEvents(string sse, out string? errorEvent)
    {
        errorEvent = null;
        var kept = new StringBuilder();
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("data: {\"error\"", StringComparison.Ordinal)) errorEvent = line["data: ".Length..];
            else kept.Append(line).Append('\n');
        }

        return kept.ToString();
    }

    private static bool IsOpenAiError(string json)
    {
        try
        {
            var error = JsonDocument.Parse(json).RootElement.GetProperty("error");
            return error.GetProperty("message").GetString() is { Length: > 0 } && error.GetProperty("code").GetString() is { Length: > 0 };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
