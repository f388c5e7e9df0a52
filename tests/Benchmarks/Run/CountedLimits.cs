using System.Globalization;
using ChatWidget.Host.RateLimits;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// Host's environment for the shared-state sections: rate limits and token budgets switched on, as a deployment runs,
/// so that every launch and every chat turn is counted (and with Redis, counted in Redis), but sized never to refuse
/// the benchmark's load: every bucket at the validator's maximum (<see cref="RateLimitOptionsValidator"/>), budgets of
/// a trillion tokens per session and per platform and day.
/// </summary>
public static class CountedLimits
{
    private const int MaxStreamsPerSession = 1000;
    private const long HugeBudget = 1_000_000_000_000;

    private static readonly string[] Buckets = ["TokenPerIp", "TokenPerPlatform", "ChatPerSession", "ChatPerLearner", "ChatPerIp", "ChatPerPlatform"];

    /// <param name="redis">Redis's connection string, or null for the in-memory default.</param>
    /// <param name="overrides">Applied last: the run's <c>--host-env</c>.</param>
    public static Dictionary<string, string> Environment(string? redis, string keyPrefix, IReadOnlyDictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["ChatWidget__RateLimits__Enabled"] = "true",
            ["ChatWidget__RateLimits__StreamsPerSession"] = Invariant(MaxStreamsPerSession),
            ["ChatWidget__Budgets__Enabled"] = "true",
            ["ChatWidget__Budgets__SessionTokens"] = Invariant(HugeBudget),
            ["ChatWidget__Budgets__PlatformDailyTokens"] = Invariant(HugeBudget),
        };
        foreach (var bucket in Buckets)
        {
            environment[$"ChatWidget__RateLimits__{bucket}__Burst"] = Invariant(RateLimitOptionsValidator.MaxBurst);
            environment[$"ChatWidget__RateLimits__{bucket}__PerMinute"] = Invariant(RateLimitOptionsValidator.MaxPerMinute);
        }
        if (redis is not null)
        {
            environment["ConnectionStrings__Redis"] = redis;
            environment["ChatWidget__SharedState__KeyPrefix"] = keyPrefix;
        }
        foreach (var (name, value) in overrides) environment[name] = value;
        return environment;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
