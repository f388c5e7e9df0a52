using System.Net;
using System.Text.Json;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// CONTRACT §7's guarantees between two Host processes that share PostgreSQL and Redis, checked on each instance directly
/// and through nginx: a launch token works once across all of them, an access token of one works on the other, and a
/// session's rate limit counts its turns on both together.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private HostCluster Cluster => fixture.Cluster;

    private HttpClient A => Cluster.CreateDirectClient(Cluster[0]);

    private HttpClient B => Cluster.CreateDirectClient(Cluster[1]);

    private HttpClient Nginx => Cluster.CreateClient();

    [Fact(Timeout = 120_000)]
    public async Task BothInstancesCameUpTogetherOnAnEmptyDatabaseAndAreReady()
    {
        foreach (var client in new[] { A, B, Nginx })
        {
            using var response = await client.GetAsync("/readyz");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/readyz of {client.BaseAddress}: {(int)response.StatusCode} {body}\n{Cluster.Diagnostics()}");
            using var readiness = JsonDocument.Parse(body);
            Assert.Equal("Healthy", readiness.RootElement.GetProperty("status").GetString());
            Assert.Equal("Healthy", readiness.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Healthy", readiness.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }

        Assert.All(Cluster.Instances, i => Assert.True(i.IsRunning, $"{i} is not running.\n{i.Output}"));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    [InlineData("nginx", "A")]
    [InlineData("A", "nginx")]
    [InlineData("B", "nginx")]
    public async Task LaunchTokenExchangedOnOneIsRefusedOnAnother(string first, string second)
    {
        var launchToken = Cluster.Seed.MintLaunchToken();

        using var used = await Client(first).PostAsync("/api/token", ChatApi.LaunchForm(launchToken));
        using var replayed = await Client(second).PostAsync("/api/token", ChatApi.LaunchForm(launchToken));

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("invalid_grant", await ChatApi.TokenErrorAsync(replayed));
    }

    [Fact(Timeout = 120_000)]
    public async Task FiftyConcurrentExchangesOfOneTokenAcrossBothAndNginxSucceedExactlyOnce()
    {
        var launchToken = Cluster.Seed.MintLaunchToken();
        HttpClient[] clients = [A, B, Nginx];
        using var start = new SemaphoreSlim(0);

        var exchanges = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await clients[i % clients.Length].PostAsync("/api/token", ChatApi.LaunchForm(launchToken));
            return (response.StatusCode, Error: response.StatusCode == HttpStatusCode.OK ? null : await ChatApi.TokenErrorAsync(response));
        }).ToList();
        start.Release(50);
        var results = await Task.WhenAll(exchanges);

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("invalid_grant", r.Error);
        });
    }

    [Fact(Timeout = 120_000)]
    public async Task AccessTokenMintedByAWorksOnBAndRefreshesThere()
    {
        var accessToken = await Cluster.LaunchAsync(A);

        using (var turn = await B.SendAsync(ChatApi.Completion(accessToken, stream: false)))
            Assert.True(turn.StatusCode == HttpStatusCode.OK, $"B answered {(int)turn.StatusCode}: {await turn.Content.ReadAsStringAsync()}");

        using var refresh = await B.PostAsync("/api/token", ChatApi.RefreshForm(accessToken));
        var body = await refresh.Content.ReadAsStringAsync();
        Assert.True(refresh.StatusCode == HttpStatusCode.OK, $"The refresh on B answered {(int)refresh.StatusCode}: {body}");
        var refreshed = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;

        // B's new token is A's too: the same session, signed with the key ring both read from the database.
        using var turnOnA = await A.SendAsync(ChatApi.Completion(refreshed, stream: false));
        Assert.Equal(HttpStatusCode.OK, turnOnA.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task SessionsRateLimitCountsTurnsOnBothInstancesTogether()
    {
        var accessToken = await Cluster.LaunchAsync(A);

        // Two turns (the burst), one on each instance: either alone would still have one left.
        for (var turn = 0; turn < ScaleOutFixture.SessionBurst; turn++)
        {
            using var answered = await (turn % 2 == 0 ? A : B).SendAsync(ChatApi.Completion(accessToken, stream: false));
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        foreach (var client in new[] { A, B, Nginx })
        {
            using var refused = await client.SendAsync(ChatApi.Completion(accessToken, stream: false));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        }
    }

    private HttpClient Client(string name) => name switch
    {
        "A" => A,
        "B" => B,
        "nginx" => Nginx,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "A, B or nginx"),
    };
}
