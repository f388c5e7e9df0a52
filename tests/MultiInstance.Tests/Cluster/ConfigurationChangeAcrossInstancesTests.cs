using System.Diagnostics;
using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;
using Xunit.Abstractions;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// CONTRACT §7: a change made in the dashboard of one instance takes effect on every other one within 1 s. The periodic
/// reload is set to an hour, so only the change notification over Redis can explain B seeing it in time.
/// </summary>
public sealed class ConfigurationChangeAcrossInstancesTests(ITestOutputHelper output)
{
    private const string AdminEmail = "operator@example.test";
    private const string AdminPassword = "cluster-admin-password-2026";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    [Fact(Timeout = 300_000)]
    public async Task DisablingThePlatformOnAEndsTheLiveSessionOnBWithinOneSecond()
    {
        await using var shared = await SharedStateCluster.StartAsync(new HostClusterOptions()
            .WithSetting("ChatWidget:ConfigurationRefreshSeconds", "3600")
            .WithSetting("ChatWidget:Llm:OfflineWordDelayMilliseconds", "0")
            // B is polled with chat turns as fast as it answers: neither the session's rate limit nor its budget may be what stops them.
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:Burst", "100000")
            .WithSetting("ChatWidget:RateLimits:ChatPerSession:PerMinute", "100000")
            .WithSetting("ChatWidget:RateLimits:ChatPerLearner:Burst", "100000")
            .WithSetting("ChatWidget:RateLimits:ChatPerLearner:PerMinute", "100000")
            .WithSetting("ChatWidget:RateLimits:ChatPerIp:Burst", "100000")
            .WithSetting("ChatWidget:RateLimits:ChatPerIp:PerMinute", "100000")
            .WithSetting("ChatWidget:Budgets:SessionTokens", "100000000"));
        var cluster = shared.Cluster;
        await cluster.CreateAdministratorAsync(AdminEmail, AdminPassword);
        var dashboardOnA = await DashboardClient.SignInAsync(cluster.CreateDirectClient(cluster[0]), AdminEmail, AdminPassword);
        var b = cluster.CreateDirectClient(cluster[1]);
        var accessToken = await cluster.LaunchAsync(b);
        using (var live = await b.SendAsync(ChatApi.Completion(accessToken, stream: false)))
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // B is polled from before the save until its first refusal; every answer is timed on one clock.
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var polls = PollAsync(b, accessToken, clock, stop.Token);
        await Task.Delay(300);

        var sentAt = clock.Elapsed;
        using var save = await dashboardOnA.SubmitAsync("/admin/platforms/edit/lms", "#platform-form",
            new Dictionary<string, string?> { ["Input.Enabled"] = null });
        var savedAt = clock.Elapsed;
        Assert.True(save.StatusCode == HttpStatusCode.Redirect, $"The save answered {(int)save.StatusCode}: {await save.Content.ReadAsStringAsync()}");

        var answers = await polls;
        var refusal = answers[^1];
        Assert.True(refusal.Status == HttpStatusCode.Forbidden, $"B never refused the session; last answer {(int)refusal.Status}.\n{shared.Diagnostics()}");
        Assert.Equal("session_revoked", refusal.Code);
        Assert.Contains(answers, p => p.At < sentAt);
        Assert.All(answers.SkipLast(1), p => Assert.Equal(HttpStatusCode.OK, p.Status));
        var latency = refusal.At - savedAt;
        Assert.True(latency <= TimeSpan.FromSeconds(1),
            $"B refused the session {latency.TotalMilliseconds:0} ms after A's save answered; CONTRACT §7 allows 1 s.\n{shared.Diagnostics()}");
        output.WriteLine($"Platform disabled on A: B refused the live session {Math.Max(0, latency.TotalMilliseconds):0} ms after the save answered " +
                          $"({answers.Count - 1} turns answered before).");

        // Nothing was left to the periodic reload: A refuses too, and so does nginx, whichever instance it picks.
        foreach (var client in new[] { cluster.CreateDirectClient(cluster[0]), cluster.CreateClient() })
        {
            using var refused = await client.SendAsync(ChatApi.Completion(accessToken, stream: false));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    /// <summary>Chat turns on <paramref name="b"/> one after another until the first one that is not answered with 200.</summary>
    private static async Task<List<(TimeSpan At, HttpStatusCode Status, string? Code)>> PollAsync(HttpClient b, string accessToken, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var answers = new List<(TimeSpan At, HttpStatusCode Status, string? Code)>();
        try
        {
            while (true)
            {
                using var response = await b.SendAsync(ChatApi.Completion(accessToken, stream: false), cancellationToken);
                var code = response.StatusCode == HttpStatusCode.OK ? null : await ChatApi.ChatErrorCodeAsync(response);
                answers.Add((clock.Elapsed, response.StatusCode, code));
                if (response.StatusCode != HttpStatusCode.OK) return answers;
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: the caller reports the last answer, a 200.
            return answers;
        }
    }
}
