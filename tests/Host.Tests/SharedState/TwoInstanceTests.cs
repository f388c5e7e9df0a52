using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>Contract §7's guarantees between two instances sharing a real Redis.</summary>
public sealed class TwoInstanceTests
{
    [Fact]
    public async Task A_launch_token_exchanged_on_one_instance_is_refused_on_the_other()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync());
        var launch = instances.LaunchToken();

        Assert.Equal(HttpStatusCode.OK, (await instances.A.ExchangeAsync(launch)).StatusCode);
        var replay = await instances.B.ExchangeAsync(launch);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Fifty_concurrent_exchanges_of_one_token_across_both_succeed_exactly_once()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync());
        var launch = instances.LaunchToken();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            (await (i % 2 == 0 ? instances.A : instances.B).ExchangeAsync(launch)).StatusCode));

        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.BadRequest, s));
    }

    [Fact]
    public async Task An_access_token_from_one_instance_works_on_the_other()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync());
        var token = await instances.A.AccessTokenAsync(instances.LaunchToken());

        using var answer = await instances.B.CreateClient().SendAsync(ChatRequests.Completion(token, "When is the essay due?", stream: false));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task A_sessions_rate_limit_counts_turns_on_both_instances()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync(), new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:ChatPerSession:Burst"] = "2",
            ["ChatWidget:RateLimits:ChatPerSession:PerMinute"] = "1",
        });
        var token = await instances.A.AccessTokenAsync(instances.LaunchToken());

        Assert.Equal(HttpStatusCode.OK, (await instances.A.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await instances.B.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", stream: false))).StatusCode);
        var third = await instances.A.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", stream: false));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_sessions_token_budget_counts_turns_on_both_instances()
    {
        // The offline responder's answers cost well over 5 tokens: one turn uses the session's budget up.
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync(), new Dictionary<string, string?>
        {
            ["ChatWidget:Budgets:SessionTokens"] = "5",
        });
        var token = await instances.A.AccessTokenAsync(instances.LaunchToken());

        Assert.Equal(HttpStatusCode.OK, (await instances.A.CreateClient().SendAsync(ChatRequests.Completion(token, "When is the essay due?", stream: false))).StatusCode);
        var refused = await instances.B.CreateClient().SendAsync(ChatRequests.Completion(token, "Hi", stream: false));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("budget_exhausted", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Without_Redis_launches_fail_closed_and_live_chats_go_on_and_with_it_back_shared_limits_resume()
    {
        await using var redis = await RedisServer.StartAsync(password: "redis-secret-7c1f");
        await using var instances = TwoInstances.Start(redis, new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:ChatPerSession:Burst"] = "3",
            ["ChatWidget:RateLimits:ChatPerSession:PerMinute"] = "1",
        });
        var live = await instances.A.AccessTokenAsync(instances.LaunchToken("live"));
        var unused = instances.LaunchToken("later");

        await redis.StopAsync();

        var launch = await instances.A.ExchangeAsync(unused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, launch.StatusCode);
        Assert.True(launch.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("temporarily_unavailable", (await launch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await instances.B.ExchangeAsync(unused)).StatusCode);

        // The live session chats on, under each instance's own limits, and refreshes.
        Assert.Equal(HttpStatusCode.OK, (await instances.A.CreateClient().SendAsync(ChatRequests.Completion(live, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await instances.B.CreateClient().SendAsync(ChatRequests.Completion(live, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await instances.B.RefreshAsync(live)).StatusCode);

        var ready = await instances.A.CreateClient().GetAsync("/readyz");
        var readiness = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", JsonDocument.Parse(readiness).RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", JsonDocument.Parse(readiness).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.DoesNotContain(redis.Port.ToString(), readiness);
        Assert.DoesNotContain("redis-secret-7c1f", readiness);
        Assert.DoesNotContain("redis-secret-7c1f", instances.A.Logs.AllText);

        await redis.StartAgainAsync();
        await WaitUntilAsync(async () => (await instances.A.ExchangeAsync(instances.LaunchToken("probe-a"))).StatusCode == HttpStatusCode.OK);
        await WaitUntilAsync(async () => (await instances.B.ExchangeAsync(instances.LaunchToken("probe-b"))).StatusCode == HttpStatusCode.OK);

        // The launch token refused during the outage works now, once; and a new session is counted on both again.
        Assert.Equal(HttpStatusCode.OK, (await instances.B.ExchangeAsync(unused)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await instances.A.ExchangeAsync(unused)).StatusCode);
        var fresh = await instances.A.AccessTokenAsync(instances.LaunchToken("fresh"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 0 ? instances.A : instances.B).CreateClient().SendAsync(ChatRequests.Completion(fresh, "Hi", stream: false))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await instances.B.CreateClient().SendAsync(ChatRequests.Completion(fresh, "Hi", stream: false))).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Redis's return was not noticed within 30 s");
            await Task.Delay(200);
        }
    }
}
