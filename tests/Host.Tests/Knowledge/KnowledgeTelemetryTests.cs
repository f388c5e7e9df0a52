using ChatWidget.Host.Tests.Observability;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>Retrieval is measured (time, excerpts) without the question or the material reaching a metric or a log.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class KnowledgeTelemetryTests
{
    [Fact]
    public async Task Retrieval_is_timed_and_counted_and_a_canary_question_is_in_no_metric_or_log()
    {
        var question = $"CANARY-QUESTION-{Guid.NewGuid():N} What happens to late work?";
        var telemetry = new TelemetryCapture();
        await using var host = await GroundedHost.StartAsync(services: telemetry.AddTo);

        await host.AskAsync(question);
        await host.AskAsync(question, stream: false);
        TelemetryCapture.Flush(host.Stack.Host.Services);

        var metrics = telemetry.Metrics;
        Assert.Contains(metrics, m => m.Name == "chatwidget.knowledge.retrieval.duration");
        Assert.Contains(metrics, m => m.Name == "chatwidget.knowledge.hits");
        foreach (var canary in new[] { "CANARY-QUESTION", GroundedHost.GradingText })
        {
            Assert.DoesNotContain(telemetry.AllStrings(), s => s.Contains(canary, StringComparison.Ordinal));
            Assert.DoesNotContain(canary, host.Stack.Host.Logs.AllText, StringComparison.Ordinal);
        }
    }
}
