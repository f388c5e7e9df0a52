using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.RateLimits;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.SharedState;
using ChatWidget.Host.Tests.Support;
using ChatWidget.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>The rate limits' behaviour, whichever store counts them: this process's memory or Redis (contract §7).</summary>
public abstract class RateLimitContract
{
    /// <summary>The settings that choose the store: none for this process's memory.</summary>
    protected virtual Task<Dictionary<string, string?>> StoreSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    private async Task<HardeningHost> StartAsync(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in await StoreSettingsAsync()) settings[key] = value;
        return new HardeningHost(settings);
    }

    private static async Task AssertOpenAiRateLimited(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.StartsWith("Too many requests", error.GetProperty("message").GetString());
    }

    private static async Task AssertOAuthRateLimited(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.StartsWith("Too many requests", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_session_over_its_bucket_gets_429_with_Retry_After_in_OpenAIs_shape()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:ChatPerSession:Burst"] = "2",
            ["ChatWidget:RateLimits:ChatPerSession:PerMinute"] = "1",
        });
        var token = await stack.LaunchAsync();
        var client = stack.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        var refused = await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false));

        await AssertOpenAiRateLimited(refused);
        Assert.True(refused.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(30), "one token a minute: wait about a minute");
        // Another session is not affected.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("learner-7"), "Hi", stream: false))).StatusCode);
    }

    [Fact]
    public async Task A_learner_is_limited_across_sessions()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:ChatPerLearner:Burst"] = "2",
            ["ChatWidget:RateLimits:ChatPerLearner:PerMinute"] = "1",
        });
        var client = stack.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("same"), "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("same"), "Hi", stream: false))).StatusCode);
        await AssertOpenAiRateLimited(await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("same"), "Hi", stream: false)));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("different"), "Hi", stream: false))).StatusCode);
    }

    [Fact]
    public async Task A_platform_override_applies_to_that_platform_only()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:Platforms:lms:ChatPerPlatform:Burst"] = "1",
            ["ChatWidget:RateLimits:Platforms:lms:ChatPerPlatform:PerMinute"] = "1",
        });
        var client = stack.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("a"), "Hi", stream: false))).StatusCode);
        await AssertOpenAiRateLimited(await client.SendAsync(ChatRequests.Completion(await stack.LaunchAsync("b"), "Hi", stream: false)));

        var other = await stack.Host.AccessTokenAsync(
            stack.Platforms.Other.Mint(LaunchTokenMinter.Claims(TestPlatforms.OtherOrigin, stack.Host.Clock.GetUtcNow())), "other", TestPlatforms.OtherOrigin);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(other, "Hi", stream: false, origin: TestPlatforms.OtherOrigin))).StatusCode);
    }

    [Fact]
    public async Task A_profile_override_applies_to_sessions_on_that_profile_only()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:Profiles:biology-101:ChatPerSession:Burst"] = "1",
            ["ChatWidget:RateLimits:Profiles:biology-101:ChatPerSession:PerMinute"] = "1",
        });
        var client = stack.Host.CreateClient();
        var claims = LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, stack.Host.Clock.GetUtcNow());
        claims["profile"] = "biology-101";
        var biology = await stack.Host.AccessTokenAsync(stack.Platforms.Lms.Mint(claims));
        var support = await stack.LaunchAsync("support-learner");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(biology, "Hi", stream: false))).StatusCode);
        await AssertOpenAiRateLimited(await client.SendAsync(ChatRequests.Completion(biology, "Hi", stream: false)));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(support, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(support, "Hi", stream: false))).StatusCode);
    }

    [Fact]
    public async Task A_session_may_have_only_so_many_streams_open()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:StreamsPerSession"] = "1",
            // The offline responder streams one word per second: the first answer stays open.
            ["ChatWidget:Llm:OfflineWordDelayMilliseconds"] = "1000",
        });
        var token = await stack.LaunchAsync();
        var client = stack.Host.CreateClient();

        using var open = await client.SendAsync(ChatRequests.Completion(token, "When is the essay due?"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        await AssertOpenAiRateLimited(await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false)));

        open.Dispose();
        // The lease is released when the first request ends (the server notices the disconnect).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            using var retry = await client.SendAsync(ChatRequests.Completion(token, "Hi", stream: false));
            status = retry.StatusCode;
        } while (status == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Token_requests_over_the_address_bucket_get_429_in_OAuths_shape()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:TokenPerIp:Burst"] = "2",
            ["ChatWidget:RateLimits:TokenPerIp:PerMinute"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, (await stack.Host.ExchangeAsync(stack.LaunchToken())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stack.Host.ExchangeAsync(stack.LaunchToken())).StatusCode);
        await AssertOAuthRateLimited(await stack.Host.ExchangeAsync(stack.LaunchToken()));
    }

    [Fact]
    public async Task A_launch_token_refused_by_the_platform_bucket_is_not_used_up()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:Platforms:lms:TokenPerPlatform:Burst"] = "1",
            ["ChatWidget:RateLimits:Platforms:lms:TokenPerPlatform:PerMinute"] = "60",
        });
        Assert.Equal(HttpStatusCode.OK, (await stack.Host.ExchangeAsync(stack.LaunchToken())).StatusCode);

        var launch = stack.LaunchToken();
        await AssertOAuthRateLimited(await stack.Host.ExchangeAsync(launch));

        // One token a second: the same launch token works once the bucket has refilled.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage retry;
        do
        {
            await Task.Delay(500);
            retry = await stack.Host.ExchangeAsync(launch);
        } while (retry.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Theory]
    [InlineData("ChatWidget:RateLimits:ChatPerSession:Burst", "0", "ChatWidget:RateLimits:ChatPerSession:Burst")]
    [InlineData("ChatWidget:RateLimits:StreamsPerSession", "0", "ChatWidget:RateLimits:StreamsPerSession")]
    [InlineData("ChatWidget:RateLimits:Platforms:lms:ChatPerLearner:Burst", "5", "ChatWidget:RateLimits:Platforms:lms:ChatPerLearner:PerMinute")]
    [InlineData("ChatWidget:RateLimits:Profiles:support:StreamsPerSession", "0", "ChatWidget:RateLimits:Profiles:support:StreamsPerSession")]
    public async Task A_bad_limit_stops_Host_at_start_naming_the_setting(string key, string value, string named)
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => stack.Host.CreateClient());
        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new RateLimitOptionsValidator().Validate(null, new RateLimitOptions()).Succeeded);
    }
}

public sealed class RateLimitTests : RateLimitContract;

public sealed class RedisRateLimitTests : RateLimitContract
{
    protected override async Task<Dictionary<string, string?>> StoreSettingsAsync() =>
        RedisTestSettings.For(await RedisServer.SharedAsync(), RedisTestSettings.NewPrefix());
}
