using System.Diagnostics;
using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// What keeping the shared state in Redis adds to a launch and to a chat turn: two Hosts alike but for
/// <c>ConnectionStrings:Redis</c>, asked in alternating pairs by one client (which arm goes first alternates too), so
/// that whatever else the machine is doing at a moment hits both arms. Launches are the launch-exchange scenario's
/// (a fresh launch token each, minted before the clock starts); their sessions then carry the chat turns, the
/// added-latency scenario's turn, each session a turn or two at most, as a learner's would be, so no session's
/// budget history grows longer than a real one.
/// </summary>
public sealed class SharedStateScenario(
    ChatStreamClient client,
    BenchPlatform platform,
    string profile,
    ComparedHost memory,
    ComparedHost redis,
    RedisProcess redisServer,
    Func<Uri, string, ChatRequest> turn)
{
    private const int RoundTrips = 1000;

    // A request that takes this long has failed for the purpose of this scenario.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    // The charge of a turn's tokens reaches Redis just after the client read the end of the stream.
    private static readonly TimeSpan ChargeSettleTime = TimeSpan.FromMilliseconds(500);

    private readonly ProcessSampler _redisProcess = new(redisServer.ProcessId);

    public async Task<SharedStateResult> RunAsync(int launchPairs, int turnPairs, int warmupPairs)
    {
        var roundTrip = await RoundTripAsync();

        Console.WriteLine($"   launches: {launchPairs} pairs after {warmupPairs} warm-up pairs, one client");
        var tokens = Enumerable.Range(0, 2 * (warmupPairs + launchPairs)).Select(_ => platform.MintLaunchToken(profile)).ToArray();
        var sessions = new Dictionary<ComparedHost, List<string>> { [memory] = [], [redis] = [] };
        var launchIndex = -1;
        async Task<double?> LaunchAsync(ComparedHost host)
        {
            var token = tokens[Interlocked.Increment(ref launchIndex)];
            var started = Stopwatch.GetTimestamp();
            var accessToken = (await LaunchExchange.ExchangeAsync(client.Http, host.Address, platform, token)).AccessToken;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (accessToken is null) return null;
            sessions[host].Add(accessToken);
            return elapsed;
        }

        await RunPairsAsync(warmupPairs, LaunchAsync);
        var launches = await MeasurePairsAsync(launchPairs, LaunchAsync, settle: TimeSpan.Zero);
        var launch = launches.Compare(ms => ms);
        Console.WriteLine($"     Redis adds {launch.AddedP50:F3} ms p50 / {launch.AddedP99:F3} ms p99 to a launch; {launches.Redis.RoundTrips:F1} Redis round trips each");
        if (sessions[memory].Count == 0 || sessions[redis].Count == 0)
            throw new InvalidOperationException("No launch succeeded on one of the Hosts; the chat turns need sessions.");

        Console.WriteLine($"   chat turns: {turnPairs} pairs after {warmupPairs} warm-up pairs, one client");
        var turnIndex = new Dictionary<ComparedHost, int> { [memory] = 0, [redis] = 0 };
        async Task<StreamOutcome> TurnAsync(ComparedHost host)
        {
            var own = sessions[host];
            var session = own[turnIndex[host]++ % own.Count];
            using var timeout = new CancellationTokenSource(RequestTimeout);
            return await client.SendAsync(turn(host.Address, session), RequestTimeout, timeout.Token);
        }

        await RunPairsAsync(warmupPairs, TurnAsync);
        var turns = await MeasurePairsAsync(turnPairs, TurnAsync, settle: ChargeSettleTime);
        var firstToken = turns.Compare(o => o.Completed ? o.FirstContentMs : null);
        Console.WriteLine($"     Redis adds {firstToken.AddedP50:F3} ms p50 / {firstToken.AddedP99:F3} ms p99 to the first token; {turns.Redis.RoundTrips:F1} Redis round trips a turn");

        return new SharedStateResult(redisServer.Version, launchPairs, turnPairs, warmupPairs, launch, firstToken, turns.Compare(o => o.Completed ? o.TotalMs : null),
            launches.Redis, turns.Redis, launches.RedisCpu, turns.RedisCpu, roundTrip.BackToBack, roundTrip.AfterPause);
    }

    /// <summary>Measured pairs with both Hosts' CPU time, Redis's CPU time and Redis's command counts over them.</summary>
    private async Task<MeasuredPairs<T>> MeasurePairsAsync<T>(int pairs, Func<ComparedHost, Task<T>> send, TimeSpan settle)
    {
        var memoryCpu = memory.Process.CpuTime();
        var redisCpu = redis.Process.CpuTime();
        var redisServerCpu = _redisProcess.CpuTime();
        var commands = await redisServer.CommandStatsAsync();
        var (memoryOutcomes, redisOutcomes) = await RunPairsAsync(pairs, send);
        if (settle > TimeSpan.Zero) await Task.Delay(settle);
        var perOperation = (await redisServer.CommandStatsAsync()).Since(commands, pairs);
        return new MeasuredPairs<T>(memoryOutcomes, redisOutcomes,
            (memory.Process.CpuTime() - memoryCpu).TotalMilliseconds / pairs,
            (redis.Process.CpuTime() - redisCpu).TotalMilliseconds / pairs,
            perOperation,
            (_redisProcess.CpuTime() - redisServerCpu).TotalMilliseconds / pairs);
    }

    /// <summary>Pairs one after the other; the even ones ask the in-memory Host first, the odd ones the Redis Host.</summary>
    private async Task<(List<T> Memory, List<T> Redis)> RunPairsAsync<T>(int pairs, Func<ComparedHost, Task<T>> send)
    {
        var memoryOutcomes = new List<T>(pairs);
        var redisOutcomes = new List<T>(pairs);
        for (var pair = 0; pair < pairs; pair++)
        {
            if (pair % 2 == 0)
            {
                memoryOutcomes.Add(await send(memory));
                redisOutcomes.Add(await send(redis));
            }
            else
            {
                redisOutcomes.Add(await send(redis));
                memoryOutcomes.Add(await send(memory));
            }
        }
        return (memoryOutcomes, redisOutcomes);
    }

    /// <summary>
    /// One bare round trip, timed twice: back to back, where the client's threads never rest, and each after a
    /// millisecond's pause, as a Host's command comes between other work: the difference is what waking threads costs.
    /// </summary>
    private async Task<(Distribution BackToBack, Distribution AfterPause)> RoundTripAsync()
    {
        for (var i = 0; i < RoundTrips / 10; i++) await redisServer.PingAsync();
        var backToBack = new List<double>(RoundTrips);
        for (var i = 0; i < RoundTrips; i++) backToBack.Add((await redisServer.PingAsync()).TotalMilliseconds);
        var afterPause = new List<double>(RoundTrips / 2);
        for (var i = 0; i < RoundTrips / 2; i++)
        {
            await Task.Delay(1);
            afterPause.Add((await redisServer.PingAsync()).TotalMilliseconds);
        }
        var (tight, paused) = (Distribution.Of(backToBack), Distribution.Of(afterPause));
        Console.WriteLine($"   one Redis round trip (PING): {tight.P50:F3} ms p50 / {tight.P99:F3} ms p99 back to back, {paused.P50:F3} ms p50 / {paused.P99:F3} ms p99 after a pause");
        return (tight, paused);
    }

    private sealed record MeasuredPairs<T>(
        List<T> MemoryOutcomes,
        List<T> RedisOutcomes,
        double MemoryHostCpu,
        double RedisHostCpu,
        RedisCommandsPerOperation Redis,
        double RedisCpu)
    {
        /// <param name="measure">The time of an outcome; null for a failure, whose time says nothing about the path.</param>
        public ArmComparison Compare(Func<T, double?> measure)
        {
            var memoryTimes = MemoryOutcomes.Select(measure).ToList();
            var redisTimes = RedisOutcomes.Select(measure).ToList();
            var differences = memoryTimes.Zip(redisTimes, (m, r) => m is { } memoryTime && r is { } redisTime ? redisTime - memoryTime : (double?)null);
            return new ArmComparison(
                Distribution.Of(memoryTimes.OfType<double>()), Distribution.Of(redisTimes.OfType<double>()), Distribution.Of(differences.OfType<double>()),
                memoryTimes.Count(t => t is null), redisTimes.Count(t => t is null),
                MemoryHostCpu, RedisHostCpu);
        }
    }
}
