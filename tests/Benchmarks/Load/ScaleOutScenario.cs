using System.Collections.Concurrent;
using System.Diagnostics;
using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// A fixed number of clients against one serving arm, for a fixed time each: first launches back to back (each a fresh
/// launch token minted before the clock starts), then chat turns back to back on the sessions those launches opened,
/// a session changing with every turn so that none carries more than a learner's few. Launches per second and answers
/// completed within the chat window are what the arm can serve; first-token percentiles are what a learner waits.
/// Behind nginx with two Hosts, a session launched on one instance is mostly chatted on the other: an access token one
/// minted that the other refused would show as failures.
/// </summary>
public sealed class ScaleOutScenario(
    ChatStreamClient client,
    BenchPlatform platform,
    string profile,
    int clients,
    ProcessSampler redis,
    Func<Uri, string, ChatRequest> turn)
{
    // Launch tokens minted ahead: more than a 2-core machine exchanges in a second, per second of the window.
    private const int LaunchTokensPerSecond = 8000;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public async Task<ScaleOutWindow> RunAsync(ServingArm arm, TimeSpan launchWindow, TimeSpan chatWindow)
    {
        var tokens = Enumerable.Range(0, (int)(LaunchTokensPerSecond * launchWindow.TotalSeconds) + clients)
            .Select(_ => platform.MintLaunchToken(profile)).ToArray();
        var sessions = new ConcurrentQueue<string>();
        var failures = new ConcurrentDictionary<string, int>();
        var next = -1;
        var hostCpu = arm.Hosts.CpuTime();
        var redisCpu = redis.CpuTime();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while (clock.Elapsed < launchWindow && (i = Interlocked.Increment(ref next)) < tokens.Length)
            {
                var launch = await LaunchExchange.ExchangeAsync(client.Http, arm.Address, platform, tokens[i]);
                if (launch.AccessToken is { } session) sessions.Enqueue(session);
                else failures.AddOrUpdate("launch: " + launch.Failure, 1, (_, n) => n + 1);
            }
        }));
        var launchSeconds = clock.Elapsed.TotalSeconds;
        var launchHostCpu = (arm.Hosts.CpuTime() - hostCpu).TotalSeconds;
        var launchRedisCpu = (redis.CpuTime() - redisCpu).TotalSeconds;
        if (sessions.IsEmpty) throw new InvalidOperationException($"{arm.Name}: no launch succeeded; the chat turns need sessions.");

        var sessionList = sessions.ToArray();
        var launchFailures = failures.Values.Sum();
        var firstTokens = new ConcurrentBag<double>();
        var answers = 0;
        hostCpu = arm.Hosts.CpuTime();
        redisCpu = redis.CpuTime();
        var proxyCpu = arm.Proxy?.CpuTime() ?? TimeSpan.Zero;
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            for (var j = 0; clock.Elapsed < chatWindow; j++)
            {
                var session = sessionList[(worker + (long)clients * j) % sessionList.Length];
                using var timeout = new CancellationTokenSource(RequestTimeout);
                var outcome = await client.SendAsync(turn(arm.Address, session), RequestTimeout, timeout.Token);
                if (!outcome.Completed)
                {
                    failures.AddOrUpdate("turn: " + (outcome.Failure ?? "failed"), 1, (_, n) => n + 1);
                    continue;
                }
                firstTokens.Add(outcome.FirstContentMs);
                // An answer still streaming when the window closes is read to its end, but not counted as served in it.
                if (clock.Elapsed <= chatWindow) Interlocked.Increment(ref answers);
            }
        }));
        var chatHostCpu = (arm.Hosts.CpuTime() - hostCpu).TotalSeconds;
        var chatProxyCpu = ((arm.Proxy?.CpuTime() ?? TimeSpan.Zero) - proxyCpu).TotalSeconds;
        var chatRedisCpu = (redis.CpuTime() - redisCpu).TotalSeconds;
        return new ScaleOutWindow(sessionList.Length, launchFailures, launchSeconds, launchHostCpu, launchRedisCpu,
            answers, failures.Values.Sum() - launchFailures, chatWindow.TotalSeconds, chatHostCpu, chatProxyCpu, chatRedisCpu, [.. firstTokens],
            new Dictionary<string, int>(failures));
    }
}
