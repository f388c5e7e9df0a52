using System.Diagnostics;
using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Launch-token exchanges over HTTP, as fast as <c>concurrency</c> clients can go: each a fresh token (new
/// learner, new <c>jti</c>) minted before the clock starts, so signing is the platform's cost, not Host's.
/// The access tokens it obtains are the sessions the chat scenarios then use.
/// </summary>
public sealed class LaunchExchangeScenario(HttpClient http, Uri host, ProcessSampler hostProcess)
{
    public async Task<ExchangeResult> RunAsync(BenchPlatform platform, string profile, int count, int concurrency)
    {
        var launchTokens = Enumerable.Range(0, count).Select(_ => platform.MintLaunchToken(profile)).ToArray();
        var accessTokens = new string?[count];
        var failures = 0;
        var next = -1;
        var cpuBefore = hostProcess.CpuTime();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                accessTokens[i] = (await LaunchExchange.ExchangeAsync(http, host, platform, launchTokens[i])).AccessToken;
                if (accessTokens[i] is null) Interlocked.Increment(ref failures);
            }
        }));

        clock.Stop();
        var cpu = hostProcess.CpuTime() - cpuBefore;
        return new ExchangeResult(platform.Algorithm, count, failures, concurrency, clock.Elapsed.TotalSeconds, cpu.TotalSeconds,
            accessTokens.OfType<string>().ToArray());
    }
}
