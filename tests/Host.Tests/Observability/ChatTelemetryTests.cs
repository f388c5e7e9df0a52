using System.Net;
using ChatWidget.Host.Tests.EndToEnd;
using OpenTelemetry.Metrics;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>Real chat turns through the real client stack, seen by OpenTelemetry's in-memory exporter.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class ChatTelemetryTests
{
    [Fact]
    public async Task A_turn_is_a_GenAI_span_with_GenAI_metrics_and_ChatWidget_counters()
    {
        var telemetry = new TelemetryCapture();
        await using var stack = await UpstreamHost.StartAsync(services: telemetry.AddTo);
        var token = await stack.LaunchAsync();
        var client = stack.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "What is osmosis?", stream: false))).StatusCode);
        stack.Upstream.Scenario = new() { FailWithStatus = 500 };
        await client.SendAsync(ChatRequests.Completion(token, "And diffusion?", stream: false));
        TelemetryCapture.Flush(stack.Host.Services);

        var chat = Assert.Single(telemetry.Spans, s => s.GetTagItem("gen_ai.operation.name") as string == "chat" && s.Status != System.Diagnostics.ActivityStatusCode.Error);
        Assert.Equal("gpt-4o-mini", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Contains("stop", chat.GetTagItem("gen_ai.response.finish_reasons")!.ToString());
        var failed = Assert.Single(telemetry.Spans, s => s.GetTagItem("gen_ai.operation.name") as string == "chat" && s.Status == System.Diagnostics.ActivityStatusCode.Error);
        Assert.NotNull(failed.GetTagItem("error.type"));

        Assert.NotEmpty(telemetry.Points("gen_ai.client.operation.duration"));
        var usage = telemetry.Points("gen_ai.client.token.usage");
        Assert.Equal(11, HistogramSum(usage, "gen_ai.token.type", "input"));
        Assert.Equal(7, HistogramSum(usage, "gen_ai.token.type", "output"));

        var turns = telemetry.Points("chatwidget.chat.turns");
        var completed = Assert.Single(turns, p => TelemetryCapture.Tags(p)["outcome"] as string == "completed");
        Assert.Equal(1, completed.GetSumLong());
        Assert.Equal("lms", TelemetryCapture.Tags(completed)["platform"]);
        Assert.Equal("support", TelemetryCapture.Tags(completed)["profile"]);
        Assert.Equal("upstream", TelemetryCapture.Tags(completed)["model"]);
        Assert.Single(turns, p => TelemetryCapture.Tags(p)["outcome"] as string == "upstream_failed");
        var tokens = telemetry.Points("chatwidget.chat.tokens");
        Assert.Equal(11, Sum(tokens, "type", "input"));
        Assert.Equal(7, Sum(tokens, "type", "output"));
        Assert.Equal(1, Sum(telemetry.Points("chatwidget.launches"), "platform", "lms"));
        Assert.NotEmpty(telemetry.Points("chatwidget.chat.first_token.duration"));
        Assert.NotEmpty(telemetry.Points("http.server.request.duration"));
    }

    [Fact]
    public async Task A_streamed_answer_is_an_open_stream_until_it_ends()
    {
        var telemetry = new TelemetryCapture();
        await using var stack = await UpstreamHost.StartAsync(services: telemetry.AddTo);
        var token = await stack.LaunchAsync();

        var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, "Tell me about cells"));
        Assert.True(ChatRequests.ReadStream(await response.Content.ReadAsStringAsync()).Done);
        TelemetryCapture.Flush(stack.Host.Services);

        // Opened once and closed once: the up-down counter is back at zero.
        Assert.Equal(0, Assert.Single(telemetry.Points("chatwidget.chat.open_streams")).GetSumLong());
        Assert.Contains(telemetry.Spans, s => s.GetTagItem("gen_ai.operation.name") as string == "chat");
    }

    private static long Sum(IEnumerable<MetricPoint> points, string key, string value) =>
        points.Where(p => TelemetryCapture.Tags(p).TryGetValue(key, out var v) && v as string == value)
            .Sum(p => p.GetSumLong());

    private static double HistogramSum(IEnumerable<MetricPoint> points, string key, string value) =>
        points.Where(p => TelemetryCapture.Tags(p).TryGetValue(key, out var v) && v as string == value).Sum(p => p.GetHistogramSum());
}
