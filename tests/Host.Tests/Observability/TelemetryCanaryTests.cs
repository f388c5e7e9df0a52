using System.Net;
using System.Text;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Tests.EndToEnd;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>
/// Nothing of a conversation and not the learner's <c>sub</c> reaches telemetry: no span, event or metric label, and no
/// byte exported over OTLP, even when the environment asks GenAI instrumentation to capture message content.
/// </summary>
[Collection(TelemetryCapture.Collection)]
public sealed class TelemetryCanaryTests
{
    [Fact]
    public async Task Canaries_are_in_no_span_label_or_exported_byte_even_with_content_capture_requested()
    {
        var question = $"CANARY-QUESTION-{Guid.NewGuid():N}";
        var answer = $"CANARY-ANSWER-{Guid.NewGuid():N}";
        var subject = $"CANARY-SUB-{Guid.NewGuid():N}";
        await using var collector = await OtlpCollector.StartAsync();
        var telemetry = new TelemetryCapture();
        using var capture = new ContentCaptureVariable("true");
        await using var stack = await UpstreamHost.StartAsync(services: telemetry.AddTo, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            [ObservabilityServiceExtensions.CaptureContentVariable] = "true",
        });
        stack.Upstream.Scenario = new() { Chunks = [answer, " and more"] };
        var token = await stack.LaunchAsync(subject);
        var client = stack.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, question))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, question, stream: false))).StatusCode);
        stack.Upstream.Scenario = new() { FailWithStatus = 500 };
        await client.SendAsync(ChatRequests.Completion(token, question));
        TelemetryCapture.Flush(stack.Host.Services);

        // The capture really happened: GenAI spans in memory, traces and metrics at the collector.
        Assert.Contains(telemetry.Spans, s => s.GetTagItem("gen_ai.operation.name") as string == "chat");
        var exported = collector.Received;
        Assert.Contains(exported, r => r.Path == "/v1/traces");
        Assert.Contains(exported, r => r.Path == "/v1/metrics" && Contains(r.Body, "gen_ai.client.token.usage"));
        Assert.Contains(ObservabilityServiceExtensions.CaptureContentVariable + " is set but ignored", stack.Host.Logs.AllText);

        foreach (var canary in new[] { question, answer, subject, UpstreamHost.ApiKey })
        {
            Assert.DoesNotContain(telemetry.AllStrings(), s => s.Contains(canary, StringComparison.Ordinal));
            Assert.DoesNotContain(exported, r => Contains(r.Body, canary));
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>Sets the process-wide content-capture variable for one test and puts the old value back.</summary>
public sealed class ContentCaptureVariable : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable(ObservabilityServiceExtensions.CaptureContentVariable);

    public ContentCaptureVariable(string value) => Environment.SetEnvironmentVariable(ObservabilityServiceExtensions.CaptureContentVariable, value);

    public void Dispose() => Environment.SetEnvironmentVariable(ObservabilityServiceExtensions.CaptureContentVariable, _previous);
}
