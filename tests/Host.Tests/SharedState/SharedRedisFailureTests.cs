using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>What a failing Redis command becomes: connection-layer failures are "Redis unavailable" (the caller falls
/// back or fails closed with a retry time), anything else stays the bug it is.</summary>
public sealed class SharedRedisFailureTests
{
    [Fact]
    public async Task A_broken_read_pipe_is_Redis_unavailable_and_the_fallback_answers()
    {
        await using var redis = RedisTestSettings.Connection(await RedisServer.SharedAsync(), RedisTestSettings.NewPrefix());
        await redis.ConnectAsync();

        var answer = await redis.RunOrFallBackAsync<string>(
            _ => throw new InvalidOperationException("Reading is not allowed after reader was completed.") { Source = "System.IO.Pipelines" },
            () => ValueTask.FromResult("this instance's own count"));

        Assert.Equal("this instance's own count", answer);
    }

    [Fact]
    public async Task Any_other_exception_of_a_command_is_not_mistaken_for_an_outage()
    {
        await using var redis = RedisTestSettings.Connection(await RedisServer.SharedAsync(), RedisTestSettings.NewPrefix());
        await redis.ConnectAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => redis.RunAsync<string>(_ => throw new InvalidOperationException("a bug")));
    }
}
