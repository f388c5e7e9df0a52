using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Observability;
using ChatWidget.Host.Upstreams;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Hardening;

public sealed class UpstreamResilienceTests
{
    private static async Task<(HttpResponseMessage Response, string Body)> ChatAsync(UpstreamStack stack, bool stream = true)
    {
        var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(await stack.LaunchAsync(), "Hi", stream));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorCode(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_503_before_the_first_byte_is_retried_and_the_learner_never_sees_it()
    {
        await using var stack = await UpstreamStack.StartAsync(withFallback: false);
        var calls = 0;
        stack.Primary.ScenarioPerRequest = () => Interlocked.Increment(ref calls) == 1 ? new FakeUpstreamScenario { FailWithStatus = 503 } : new FakeUpstreamScenario();

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Hello, world!", true), ChatRequests.ReadStream(body));
        Assert.Equal(2, stack.Primary.Handled);
    }

    [Fact]
    public async Task A_429_asking_for_a_long_pause_is_not_retried()
    {
        await using var stack = await UpstreamStack.StartAsync(withFallback: false);
        stack.Primary.Scenario = new FakeUpstreamScenario { FailWithStatus = 429, RetryAfterSeconds = 30 };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream_busy", ErrorCode(body));
        Assert.Equal(1, stack.Primary.Handled);
    }

    [Fact]
    public async Task An_upstream_that_sends_no_headers_in_time_is_unavailable()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:HeadersTimeoutSeconds"] = "1",
            ["ChatWidget:Upstream:MaxRetries"] = "0",
        }, withFallback: false);
        stack.Primary.Scenario = new FakeUpstreamScenario { DelayBeforeHeaders = TimeSpan.FromSeconds(20) };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream_unavailable", ErrorCode(body));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upstream_that_sends_its_headers_and_then_stalls_is_cut_at_the_body_bound(bool stream)
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:HeadersTimeoutSeconds"] = "3",
            // Long enough that only the body bound can end a stalled stream here.
            ["ChatWidget:Upstream:IdleTimeoutSeconds"] = "600",
            ["ChatWidget:Upstream:BodyTimeoutSeconds"] = "1",
            ["ChatWidget:Upstream:MaxRetries"] = "0",
        }, withFallback: false);
        // The stall outlasts the test's patience: only the bound can answer before it ends.
        stack.Primary.Scenario = new FakeUpstreamScenario { DelayBeforeFirstToken = TimeSpan.FromMinutes(10) };

        var (response, body) = await ChatAsync(stack, stream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream_unavailable", ErrorCode(body));
        Assert.Equal("server_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_header_timeout_does_not_cut_a_long_stream()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:HeadersTimeoutSeconds"] = "1",
        }, withFallback: false);
        stack.Primary.Scenario = new FakeUpstreamScenario { Chunks = ["a", "b", "c", "d", "e", "f"], ChunkInterval = TimeSpan.FromMilliseconds(400) };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("abcdef", true), ChatRequests.ReadStream(body));
    }

    [Fact]
    public async Task An_upstream_silent_between_chunks_ends_the_stream_with_an_error_event()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:IdleTimeoutSeconds"] = "1",
        });
        stack.Primary.Scenario = new FakeUpstreamScenario { Chunks = ["a", "b"], ChunkInterval = TimeSpan.FromSeconds(20) };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("[DONE]", body);
        var last = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal("upstream_unavailable", ErrorCode(last["data: ".Length..]));
        // Mid-stream failures never switch models: part of the answer is already out.
        Assert.Equal(0, stack.Backup.Handled);
    }

    [Fact]
    public async Task A_mid_stream_break_ends_the_stream_with_an_error_event_and_no_DONE()
    {
        await using var stack = await UpstreamStack.StartAsync();
        stack.Primary.Scenario = new FakeUpstreamScenario { Chunks = ["a", "b", "c"], BreakAfterChunks = 2 };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("ab", false), ChatRequests.ReadStream(body.Replace("data: {\"error\"", "x: {\"error\"")));
        Assert.Contains("\"error\":{", body);
        Assert.False(response.Headers.Contains("X-ChatWidget-Fallback"));
    }

    [Fact]
    public async Task A_model_silent_before_its_first_token_falls_back_to_the_next_model()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:IdleTimeoutSeconds"] = "1",
        });
        stack.Primary.Scenario = new FakeUpstreamScenario { DelayBeforeFirstToken = TimeSpan.FromSeconds(20) };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Backup answer", true), ChatRequests.ReadStream(body));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failing_model_falls_back_to_the_next_and_the_answer_says_so(bool stream)
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?> { ["ChatWidget:Upstream:MaxRetries"] = "0" });
        stack.Primary.Scenario = new FakeUpstreamScenario { FailWithStatus = 500 };

        var (response, body) = await ChatAsync(stack, stream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backup", Assert.Single(response.Headers.GetValues("X-ChatWidget-Fallback")));
        if (stream)
        {
            Assert.Equal(("Backup answer", true), ChatRequests.ReadStream(body));
            Assert.Contains("\"system_fingerprint\":\"chatwidget-fallback:backup\"", body);
        }
        else
        {
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Backup answer", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("chatwidget-fallback:backup", json.GetProperty("system_fingerprint").GetString());
            Assert.Equal("support", json.GetProperty("model").GetString());
        }
    }

    [Fact]
    public async Task When_every_model_fails_the_offline_responder_answers_if_enabled()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:MaxRetries"] = "0",
            ["ChatWidget:Upstream:OfflineFallback"] = "true",
            ["ChatWidget:Llm:OfflineWordDelayMilliseconds"] = "0",
        });
        stack.Primary.Scenario = new FakeUpstreamScenario { FailWithStatus = 500 };
        stack.Backup.Scenario = new FakeUpstreamScenario { FailWithStatus = 502 };

        var response = await stack.Host.CreateClient().SendAsync(ChatRequests.Completion(await stack.LaunchAsync(), "When is the essay due?"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("offline-fallback", Assert.Single(response.Headers.GetValues("X-ChatWidget-Fallback")));
        Assert.Contains("Friday", ChatRequests.ReadStream(body).Text);
    }

    [Fact]
    public async Task Without_a_fallback_a_failing_model_is_a_503_as_before()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?> { ["ChatWidget:Upstream:MaxRetries"] = "0" }, withFallback: false);
        stack.Primary.Scenario = new FakeUpstreamScenario { FailWithStatus = 503 };

        var (response, body) = await ChatAsync(stack);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream_unavailable", ErrorCode(body));
        Assert.False(response.Headers.Contains("X-ChatWidget-Fallback"));
    }

    [Fact]
    public async Task An_open_circuit_stops_calling_the_failing_upstream_and_the_fallback_answers()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Upstream:MaxRetries"] = "0",
            ["ChatWidget:Upstream:CircuitMinimumThroughput"] = "2",
            ["ChatWidget:Upstream:CircuitBreakSeconds"] = "600",
        });
        stack.Primary.Scenario = new FakeUpstreamScenario { FailWithStatus = 500 };
        using var opened = new CounterListener("chatwidget.circuit.opened", "upstream", stack.Primary.BaseUrl.Authority);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await ChatAsync(stack)).Response.StatusCode);
        var before = stack.Primary.Handled;
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await ChatAsync(stack)).Response.StatusCode);

        Assert.Equal(before, stack.Primary.Handled);
        var circuits = stack.Host.Services.GetRequiredService<UpstreamCircuits>();
        Assert.Equal(UpstreamCircuits.Open, circuits.States[stack.Primary.BaseUrl.Authority]);
        // The alert: one warning and one count for the one opening.
        Assert.Single(stack.Host.Logs.Lines, l => l.Contains($"Circuit of upstream {stack.Primary.BaseUrl.Authority} is now open", StringComparison.Ordinal));
        Assert.Equal(1, opened.Total);
    }

    [Theory]
    [InlineData("IdleTimeoutSeconds")]
    [InlineData("BodyTimeoutSeconds")]
    public async Task A_bad_upstream_setting_stops_Host_at_start_naming_it(string setting)
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?> { ["ChatWidget:Upstream:" + setting] = "0" });

        var failure = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => stack.Host.CreateClient());
        Assert.Contains("ChatWidget:Upstream:" + setting, failure.Message);
    }
}
