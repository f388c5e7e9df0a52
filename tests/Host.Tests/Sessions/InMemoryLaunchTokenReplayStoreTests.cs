using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Host.Tests.Sessions;

public sealed class InMemoryLaunchTokenReplayStoreTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private InMemoryLaunchTokenReplayStore Store(int capacity = 1000) => new(_clock,
        Options.Create(new SessionOptions { ReplayCacheCapacity = capacity, LaunchTokenClockSkewSeconds = 60 }),
        NullLogger<InMemoryLaunchTokenReplayStore>.Instance);

    [Fact]
    public async Task An_id_is_accepted_once_until_it_expires_then_forgotten()
    {
        var store = Store();
        var expires = _clock.GetUtcNow().AddMinutes(5);

        Assert.True(await store.TryConsumeAsync("lms", "a", expires, default));
        Assert.False(await store.TryConsumeAsync("lms", "a", expires, default));

        _clock.Advance(TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(1));
        Assert.True(await store.TryConsumeAsync("lms", "a", _clock.GetUtcNow().AddMinutes(5), default));
    }

    [Fact]
    public async Task The_same_id_from_two_platforms_is_two_tokens()
    {
        var store = Store();
        var expires = _clock.GetUtcNow().AddMinutes(5);

        Assert.True(await store.TryConsumeAsync("lms", "a", expires, default));
        Assert.True(await store.TryConsumeAsync("other", "a", expires, default));
    }

    [Fact]
    public async Task A_full_store_refuses_instead_of_forgetting_live_ids()
    {
        var store = Store(capacity: 1000);
        var expires = _clock.GetUtcNow().AddMinutes(5);
        for (var i = 0; i < 1000; i++) Assert.True(await store.TryConsumeAsync("lms", $"id-{i}", expires, default));

        Assert.False(await store.TryConsumeAsync("lms", "one-more", expires, default));
        Assert.False(await store.TryConsumeAsync("lms", "id-0", expires, default));

        _clock.Advance(TimeSpan.FromMinutes(7));
        Assert.True(await store.TryConsumeAsync("lms", "one-more", _clock.GetUtcNow().AddMinutes(5), default));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Concurrent_exchanges_of_one_id_let_exactly_one_through()
    {
        var store = Store();
        var expires = _clock.GetUtcNow().AddMinutes(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryConsumeAsync("lms", "race", expires, default).AsTask())));

        Assert.Single(results, r => r);
    }
}
