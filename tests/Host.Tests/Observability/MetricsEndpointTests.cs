using System.Net;
using ChatWidget.Host.Tests.EndToEnd;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>The Prometheus scrape endpoint: off by default, then only for the allowed networks and port.</summary>
[Collection(TelemetryCapture.Collection)]
public sealed class MetricsEndpointTests
{
    private const string Enabled = "ChatWidget:Observability:Prometheus:Enabled";

    [Fact]
    public async Task Metrics_are_not_served_by_default()
    {
        await using var stack = await UpstreamHost.StartAsync(realSocket: true);

        var response = await stack.Host.CreateClient().GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Enabled_metrics_are_Prometheus_text_for_loopback()
    {
        await using var stack = await UpstreamHost.StartAsync(realSocket: true, settings: new Dictionary<string, string?> { [Enabled] = "true" });
        var token = await stack.LaunchAsync();
        var client = stack.Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE chatwidget_chat_turns_total counter", text);
        Assert.Contains("chatwidget_chat_turns_total{", text);
        Assert.Contains("outcome=\"completed\"", text);
        Assert.Contains("gen_ai_client_token_usage", text);
    }

    [Fact]
    public async Task Enabled_metrics_are_refused_to_an_address_outside_the_allowed_networks()
    {
        await using var stack = await UpstreamHost.StartAsync(realSocket: true, settings: new Dictionary<string, string?>
        {
            [Enabled] = "true",
            ["ChatWidget:Observability:Prometheus:AllowedNetworks:0"] = "10.0.0.0/8",
        });

        var response = await stack.Host.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("chatwidget", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Enabled_metrics_are_refused_on_another_port_than_the_scrape_port()
    {
        await using var stack = await UpstreamHost.StartAsync(realSocket: true, settings: new Dictionary<string, string?>
        {
            [Enabled] = "true",
            ["ChatWidget:Observability:Prometheus:Port"] = "1",
        });

        Assert.Equal(HttpStatusCode.Forbidden, (await stack.Host.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_malformed_allowed_network_fails_start_naming_the_setting()
    {
        await using var stack = await UpstreamHost.StartAsync(settings: new Dictionary<string, string?>
        {
            [Enabled] = "true",
            ["ChatWidget:Observability:Prometheus:AllowedNetworks:0"] = "everyone",
        });

        var error = Assert.ThrowsAny<Exception>(() => stack.Host.CreateClient());
        Assert.Contains("ChatWidget:Observability:Prometheus:AllowedNetworks: 'everyone'", error.ToString());
    }
}
