using ChatWidget.Host.Lti;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;
using ChatWidget.Host.Tests.SharedState;
using ChatWidget.TestServers;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>
/// What every LTI ticket store guarantees (contract §8 state and nonce single use, §7 shared across instances): run
/// against each implementation.
/// </summary>
public abstract class LtiTicketStoreContract
{
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected abstract Task<ILtiTicketStore> CreateAsync();

    /// <summary>Lets <paramref name="time"/> pass for the store (the fake clock, or real time where the store keeps its own).</summary>
    protected abstract Task PassAsync(TimeSpan time);

    [Fact]
    public async Task A_ticket_is_taken_once_and_then_gone()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, "state-1", "value-1", TimeSpan.FromMinutes(5), default));

        Assert.Equal("value-1", await store.TakeAsync(LtiTicketKind.LoginState, "state-1", default));
        Assert.Null(await store.TakeAsync(LtiTicketKind.LoginState, "state-1", default));
    }

    [Fact]
    public async Task An_unknown_id_and_the_same_id_of_the_other_kind_are_not_found()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, "shared-id", "state", TimeSpan.FromMinutes(5), default));

        Assert.Null(await store.TakeAsync(LtiTicketKind.LaunchCode, "shared-id", default));
        Assert.Null(await store.TakeAsync(LtiTicketKind.LoginState, "never-issued", default));
        Assert.Equal("state", await store.TakeAsync(LtiTicketKind.LoginState, "shared-id", default));
    }

    [Fact]
    public async Task An_id_cannot_be_added_twice_so_a_pending_value_is_never_replaced()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryAddAsync(LtiTicketKind.LaunchCode, "code", "first", TimeSpan.FromMinutes(1), default));

        Assert.False(await store.TryAddAsync(LtiTicketKind.LaunchCode, "code", "second", TimeSpan.FromMinutes(1), default));
        Assert.Equal("first", await store.TakeAsync(LtiTicketKind.LaunchCode, "code", default));
    }

    [Fact]
    public async Task Fifty_concurrent_takes_of_one_ticket_get_it_exactly_once()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryAddAsync(LtiTicketKind.LaunchCode, "raced", "v", TimeSpan.FromMinutes(1), default));

        var taken = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await store.TakeAsync(LtiTicketKind.LaunchCode, "raced", default))));

        Assert.Single(taken, value => value is not null);
    }

    [Fact]
    public async Task An_expired_ticket_cannot_be_taken()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, "short", "v", TimeSpan.FromSeconds(1), default));

        await PassAsync(TimeSpan.FromMilliseconds(1600));

        Assert.Null(await store.TakeAsync(LtiTicketKind.LoginState, "short", default));
    }
}

public sealed class InMemoryLtiTicketStoreTests : LtiTicketStoreContract
{
    protected override Task<ILtiTicketStore> CreateAsync() => Task.FromResult<ILtiTicketStore>(Create(capacity: 1000));

    private InMemoryLtiTicketStore Create(int capacity) =>
        new(Clock, Microsoft.Extensions.Options.Options.Create(new LtiOptions { MaxPendingLaunches = capacity }));

    protected override Task PassAsync(TimeSpan time)
    {
        Clock.Advance(time);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_full_of_pending_tickets_it_refuses_new_ones_rather_than_forgetting_any()
    {
        var store = Create(capacity: 1000);
        for (var i = 0; i < 1000; i++) Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, $"s{i}", "v", TimeSpan.FromMinutes(5), default));

        Assert.False(await store.TryAddAsync(LtiTicketKind.LoginState, "one-too-many", "v", TimeSpan.FromMinutes(5), default));
        Assert.Equal("v", await store.TakeAsync(LtiTicketKind.LoginState, "s0", default));
        Assert.Equal("v", await store.TakeAsync(LtiTicketKind.LoginState, "s999", default));
    }

    [Fact]
    public async Task Expired_tickets_make_room_when_it_is_full()
    {
        var store = Create(capacity: 1000);
        for (var i = 0; i < 1000; i++) Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, $"s{i}", "v", TimeSpan.FromSeconds(30), default));
        Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, "after", "v", TimeSpan.FromMinutes(5), default));
    }
}

public sealed class RedisLtiTicketStoreTests : LtiTicketStoreContract
{
    private readonly string _prefix = RedisTestSettings.NewPrefix();

    protected override async Task<ILtiTicketStore> CreateAsync() => Create(await RedisServer.SharedAsync());

    private RedisLtiTicketStore Create(RedisServer server) =>
        new(RedisTestSettings.Connection(server, _prefix),
            Microsoft.Extensions.Options.Options.Create(new SharedStateOptions { KeyPrefix = _prefix, RetryAfterSeconds = 7 }));

    // Redis expires keys on its own clock.
    protected override async Task PassAsync(TimeSpan time)
    {
        Clock.Advance(time);
        await Task.Delay(time);
    }

    [Fact]
    public async Task Redis_keys_are_hashes_of_the_ticket_ids_with_an_expiry()
    {
        var server = await RedisServer.SharedAsync();
        var store = Create(server);
        const string canary = "state-canary-81d3";

        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, canary, "{}", TimeSpan.FromMinutes(5), default));

        var entry = Assert.Single(await server.DumpAsync(), e => e.StartsWith(_prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(canary, entry);
        Assert.StartsWith(_prefix + "lti:state:", entry);
    }

    [Fact]
    public async Task Unreachable_redis_fails_closed_with_a_retry_time()
    {
        await using var server = await RedisServer.StartAsync();
        var store = Create(server);
        Assert.True(await store.TryAddAsync(LtiTicketKind.LoginState, "before", "v", TimeSpan.FromMinutes(5), default));

        await server.StopAsync();

        var refused = await Assert.ThrowsAsync<ReplayStoreUnavailableException>(async () =>
            await store.TakeAsync(LtiTicketKind.LoginState, "before", default));
        Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
    }
}
