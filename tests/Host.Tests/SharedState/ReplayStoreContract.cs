using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;
using ChatWidget.TestServers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>What every launch-token replay store guarantees (contract §2 <c>jti</c>, §7): run against each implementation.</summary>
public abstract class ReplayStoreContract
{
    protected static readonly SessionOptions Options = new() { LaunchTokenClockSkewSeconds = 0 };

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected abstract Task<ILaunchTokenReplayStore> CreateAsync();

    /// <summary>Lets <paramref name="time"/> pass for the store (the fake clock, or real time where the store keeps its own).</summary>
    protected abstract Task PassAsync(TimeSpan time);

    [Fact]
    public async Task A_token_is_accepted_once_and_refused_after()
    {
        var store = await CreateAsync();
        var expires = Clock.GetUtcNow().AddMinutes(5);

        Assert.True(await store.TryConsumeAsync("lms", "jti-1", expires, default));
        Assert.False(await store.TryConsumeAsync("lms", "jti-1", expires, default));
        Assert.False(await store.TryConsumeAsync("lms", "jti-1", expires, default));
    }

    [Fact]
    public async Task The_same_jti_from_another_platform_is_another_token()
    {
        var store = await CreateAsync();
        var expires = Clock.GetUtcNow().AddMinutes(5);

        Assert.True(await store.TryConsumeAsync("lms", "shared-id", expires, default));
        Assert.True(await store.TryConsumeAsync("other", "shared-id", expires, default));
    }

    [Fact]
    public async Task Fifty_concurrent_exchanges_of_one_token_succeed_exactly_once()
    {
        var store = await CreateAsync();
        var expires = Clock.GetUtcNow().AddMinutes(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await store.TryConsumeAsync("lms", "raced", expires, default))));

        Assert.Single(results, accepted => accepted);
    }

    [Fact]
    public async Task An_id_is_forgotten_once_its_token_has_expired()
    {
        var store = await CreateAsync();
        var expires = Clock.GetUtcNow().AddSeconds(1);
        Assert.True(await store.TryConsumeAsync("lms", "short", expires, default));

        await PassAsync(TimeSpan.FromMilliseconds(1600));

        // The token itself is expired by now (the validator refuses it); the store need not remember it any longer.
        Assert.True(await store.TryConsumeAsync("lms", "short", Clock.GetUtcNow().AddSeconds(1), default));
    }
}

public sealed class InMemoryReplayStoreTests : ReplayStoreContract
{
    protected override Task<ILaunchTokenReplayStore> CreateAsync() =>
        Task.FromResult<ILaunchTokenReplayStore>(new InMemoryLaunchTokenReplayStore(Clock, Microsoft.Extensions.Options.Options.Create(Options),
            NullLogger<InMemoryLaunchTokenReplayStore>.Instance));

    protected override Task PassAsync(TimeSpan time)
    {
        Clock.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class RedisReplayStoreTests : ReplayStoreContract
{
    private readonly string _prefix = RedisTestSettings.NewPrefix();

    protected override async Task<ILaunchTokenReplayStore> CreateAsync() => Create(await RedisServer.SharedAsync());

    private RedisLaunchTokenReplayStore Create(RedisServer server) =>
        new(RedisTestSettings.Connection(server, _prefix), Clock, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(new SharedStateOptions { KeyPrefix = _prefix, RetryAfterSeconds = 7 }));

    // Redis expires keys on its own clock.
    protected override async Task PassAsync(TimeSpan time)
    {
        Clock.Advance(time);
        await Task.Delay(time);
    }

    [Fact]
    public async Task Redis_holds_a_hash_of_the_id_with_the_tokens_expiry_and_nothing_else()
    {
        var server = await RedisServer.SharedAsync();
        var store = Create(server);
        const string canary = "jti-canary-5f1c";

        Assert.True(await store.TryConsumeAsync("lms", canary, Clock.GetUtcNow().AddMinutes(5), default));

        var mine = (await server.DumpAsync()).Where(entry => entry.StartsWith(_prefix, StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(mine);
        Assert.DoesNotContain(canary, entry);
        Assert.StartsWith(_prefix + "jti:", entry);
    }

    [Fact]
    public async Task Unreachable_redis_fails_closed_with_a_retry_time()
    {
        await using var server = await RedisServer.StartAsync();
        var store = Create(server);
        Assert.True(await store.TryConsumeAsync("lms", "before", Clock.GetUtcNow().AddMinutes(5), default));

        await server.StopAsync();

        var refused = await Assert.ThrowsAsync<ReplayStoreUnavailableException>(async () =>
            await store.TryConsumeAsync("lms", "during", Clock.GetUtcNow().AddMinutes(5), default));
        Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
        Assert.DoesNotContain(server.Port.ToString(), refused.Message);
    }
}
