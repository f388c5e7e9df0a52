using System.Net;
using ChatWidget.Host.Tests.EndToEnd;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>A platform's daily budget crossing the alert threshold: one warning and one count, however many turns follow.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class BudgetAlertTests
{
    [Fact]
    public async Task Crossing_the_alert_threshold_warns_once_and_counts_once()
    {
        var telemetry = new TelemetryCapture();
        // Each turn is charged 18 tokens (the fake upstream reports 11 + 7): the 5th turn crosses 80 of 100.
        await using var stack = await UpstreamHost.StartAsync(services: telemetry.AddTo, settings: new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:Platforms:lms:DailyTokens"] = "100",
            ["ChatWidget:Budgets:AlertPercent"] = "80",
        });
        var token = await stack.LaunchAsync();
        var client = stack.Host.CreateClient();

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        Assert.DoesNotContain("daily token budget", stack.Host.Logs.AllText);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        TelemetryCapture.Flush(stack.Host.Services);

        Assert.Single(stack.Host.Logs.Lines, l => l.Contains("Platform lms has used 80% of its daily token budget", StringComparison.Ordinal));
        var alerts = Assert.Single(telemetry.Points("chatwidget.budget.alerts"));
        Assert.Equal("platform", TelemetryCapture.Tags(alerts)["scope"]);
        Assert.Equal(1, alerts.GetSumLong());
        var refusals = Assert.Single(telemetry.Points("chatwidget.budget.refusals"));
        Assert.Equal(1, refusals.GetSumLong());
    }
}
