using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using ChatWidget.Host.Tests.SharedState;
using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>The token budgets' behaviour, whichever store counts them: this process's memory or Redis (contract §7).</summary>
public abstract class CostBudgetContract
{
    /// <summary>The settings that choose the store: none for this process's memory.</summary>
    protected virtual Task<Dictionary<string, string?>> StoreSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected async Task<UpstreamHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        settings ??= new Dictionary<string, string?>();
        foreach (var (key, value) in await StoreSettingsAsync()) settings[key] = value;
        return await UpstreamHost.StartAsync(settings: settings);
    }

    protected static async Task<TimeSpan> AssertBudgetExhausted(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(CostBudgets.ExhaustedCode, error.GetProperty("code").GetString());
        Assert.Equal(CostBudgets.ExhaustedType, error.GetProperty("type").GetString());
        Assert.Contains("Try again in", error.GetProperty("message").GetString());
        return retryAfter!.Value;
    }

    protected static Task<HttpResponseMessage> Ask(UpstreamHost stack, string token, string question = "Hi", bool stream = false,
        string origin = TestPlatforms.LmsOrigin) =>
        stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, question, stream, origin));

    [Fact]
    public async Task A_session_over_its_token_budget_gets_429_until_its_window_has_passed()
    {
        // The fake upstream reports 11 prompt + 7 completion tokens a turn: 18, 36, then refused.
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:SessionTokens"] = "30",
            ["ChatWidget:Budgets:SessionWindowMinutes"] = "1",
        });
        var token = await stack.LaunchAsync();

        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, token)).StatusCode);
        stack.Host.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, token)).StatusCode);
        var handled = stack.Upstream.Handled;

        var wait = await AssertBudgetExhausted(await Ask(stack, token));
        // The first turn leaves the window 60 s after it was charged, 40 s from now.
        Assert.InRange(wait.TotalSeconds, 39, 41);
        Assert.Equal(handled, stack.Upstream.Handled);

        // Another session is not affected.
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, await stack.LaunchAsync("learner-7"))).StatusCode);

        stack.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        await AssertBudgetExhausted(await Ask(stack, token));
        stack.Host.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, token)).StatusCode);
    }

    [Fact]
    public async Task A_platform_over_its_daily_budget_gets_429_until_UTC_midnight_and_other_platforms_go_on()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:PlatformDailyTokens"] = "0",
            ["ChatWidget:Budgets:Platforms:lms:DailyTokens"] = "20",
        });

        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, await stack.LaunchAsync("a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, await stack.LaunchAsync("b"))).StatusCode);
        var wait = await AssertBudgetExhausted(await Ask(stack, await stack.LaunchAsync("c")));

        var now = stack.Host.Clock.GetUtcNow();
        var untilMidnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
        Assert.InRange(wait.TotalSeconds, Math.Floor(untilMidnight.TotalSeconds), Math.Ceiling(untilMidnight.TotalSeconds) + 1);

        // The other platform has no daily budget (0 = unlimited).
        var other = await stack.Host.AccessTokenAsync(
            stack.Platforms.Other.Mint(LaunchTokenMinter.Claims(TestPlatforms.OtherOrigin, now)), "other", TestPlatforms.OtherOrigin);
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, other, origin: TestPlatforms.OtherOrigin)).StatusCode);

        stack.Host.Clock.Advance(untilMidnight - TimeSpan.FromSeconds(5));
        await AssertBudgetExhausted(await Ask(stack, await stack.LaunchAsync("d")));
        stack.Host.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, await stack.LaunchAsync("e"))).StatusCode);
    }

    [Fact]
    public async Task A_prompt_over_the_profiles_input_ceiling_gets_400_and_older_history_is_trimmed_to_it()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:MaxInputTokens"] = "5000",
            ["ChatWidget:Budgets:Profiles:support:MaxInputTokens"] = "60",
            ["ChatWidget:Budgets:Profiles:biology-101:MaxInputTokens"] = "60",
        });
        var token = await stack.LaunchAsync();
        var handled = stack.Upstream.Handled;

        var refused = await Ask(stack, token, string.Join(' ', Enumerable.Repeat("photosynthesis", 80)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(CostBudgets.InputExceededCode, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(handled, stack.Upstream.Handled);

        // A long earlier turn is dropped instead: the last message fits the ceiling.
        var body = JsonSerializer.Serialize(new
        {
            messages = new object[]
            {
                new { role = "user", content = string.Join(' ', Enumerable.Repeat("chlorophyll", 80)) },
                new { role = "assistant", content = "Noted." },
                new { role = "user", content = "Hi" },
            },
            stream = false,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Origin", TestPlatforms.LmsOrigin);
        var answered = await stack.Host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task A_broken_streamed_answer_is_charged_what_it_used()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:SessionTokens"] = "1",
        });
        stack.Upstream.Scenario = new FakeUpstreamScenario { BreakAfterChunks = 2 };
        var token = await stack.LaunchAsync();

        using var broken = await Ask(stack, token, stream: true);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        await broken.Content.ReadAsStringAsync();

        await AssertBudgetExhausted(await Ask(stack, token));
    }

    [Theory]
    [InlineData("ChatWidget:Budgets:SessionWindowMinutes", "0")]
    [InlineData("ChatWidget:Budgets:SessionTokens", "-1")]
    [InlineData("ChatWidget:Budgets:Platforms:lms:DailyTokens", "-5")]
    public async Task Bad_budget_settings_stop_Host_at_start(string key, string value)
    {
        await using var stack = new HardeningHost(new Dictionary<string, string?> { [key] = value });
        var failure = Assert.ThrowsAny<Exception>(() => stack.Host.CreateClient());
        Assert.Contains(key.Split(':')[^1], failure.ToString());
    }
}

public sealed class CostBudgetTests : CostBudgetContract
{
    [Fact]
    public async Task Budgets_are_kept_by_session_and_platform_never_by_learner()
    {
        await using var stack = await StartAsync();
        var token = await stack.LaunchAsync("learner-42");
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, await stack.LaunchAsync("learner-7"))).StatusCode);

        var claims = Claims(token);
        var learnerHash = claims.GetProperty("lh").GetString()!;
        var sessionId = claims.GetProperty("sid").GetString()!;

        var keys = stack.Host.Services.GetRequiredService<InMemoryTokenBudgetStore>().Keys;
        Assert.Equal(3, keys.Count);
        Assert.Contains(InMemoryTokenBudgetStore.SessionKey(sessionId), keys);
        Assert.Contains(InMemoryTokenBudgetStore.PlatformDayKey("lms", DateOnly.FromDateTime(stack.Host.Clock.GetUtcNow().UtcDateTime)), keys);
        Assert.All(keys, key =>
        {
            Assert.True(key.StartsWith("session:", StringComparison.Ordinal) || key.StartsWith("platform:", StringComparison.Ordinal), key);
            Assert.DoesNotContain(learnerHash, key);
            Assert.DoesNotContain("learner", key);
        });
    }

    /// <summary>The access token's claims, as Host put them in.</summary>
    internal static JsonElement Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='))).RootElement;
    }
}

public sealed class RedisCostBudgetTests : CostBudgetContract
{
    private readonly string _prefix = RedisTestSettings.NewPrefix();

    protected override async Task<Dictionary<string, string?>> StoreSettingsAsync() =>
        RedisTestSettings.For(await RedisServer.SharedAsync(), _prefix);

    [Fact]
    public async Task Redis_holds_budgets_by_session_and_platform_never_by_learner_and_no_conversation()
    {
        const string canarySubject = "learner-canary-93be";
        const string canaryQuestion = "canary question 41d7 about essays";
        await using var stack = await StartAsync();
        var token = await stack.LaunchAsync(canarySubject);
        Assert.Equal(HttpStatusCode.OK, (await Ask(stack, token, canaryQuestion)).StatusCode);
        var claims = CostBudgetTests.Claims(token);

        var mine = (await (await RedisServer.SharedAsync()).DumpAsync()).Where(e => e.StartsWith(_prefix, StringComparison.Ordinal)).ToList();

        Assert.Contains(mine, e => e.StartsWith($"{_prefix}budget:session:{claims.GetProperty("sid").GetString()} =", StringComparison.Ordinal));
        Assert.Contains(mine, e => e.StartsWith($"{_prefix}budget:platform:lms:", StringComparison.Ordinal));
        // Only the learner's rate-limit bucket is keyed by the learner's keyed hash; budgets never are.
        Assert.All(mine.Where(e => e.StartsWith(_prefix + "budget:", StringComparison.Ordinal)),
            entry => Assert.DoesNotContain(claims.GetProperty("lh").GetString()!, entry));
        Assert.All(mine, entry =>
        {
            Assert.DoesNotContain(canarySubject, entry);
            Assert.DoesNotContain("canary", entry);
            Assert.DoesNotContain("127.0.0.1", entry);
        });
    }
}
