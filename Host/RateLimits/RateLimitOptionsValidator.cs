using Microsoft.Extensions.Options;

namespace ChatWidget.Host.RateLimits;

/// <summary>Refuses a rate-limit configuration that would not work, naming the setting.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public const int MaxBurst = 1_000_000;
    public const int MaxPerMinute = 6_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = new List<string>();
        const string Root = RateLimitOptions.SectionName;
        Bucket(problems, $"{Root}:TokenPerIp", options.TokenPerIp);
        Bucket(problems, $"{Root}:TokenPerPlatform", options.TokenPerPlatform);
        Bucket(problems, $"{Root}:ChatPerSession", options.ChatPerSession);
        Bucket(problems, $"{Root}:ChatPerLearner", options.ChatPerLearner);
        Bucket(problems, $"{Root}:ChatPerIp", options.ChatPerIp);
        Bucket(problems, $"{Root}:ChatPerPlatform", options.ChatPerPlatform);
        Streams(problems, $"{Root}:StreamsPerSession", options.StreamsPerSession);
        foreach (var (platform, limits) in options.Platforms)
        {
            var prefix = $"{Root}:Platforms:{platform}";
            if (limits is null) continue;
            if (limits.TokenPerPlatform is { } a) Bucket(problems, $"{prefix}:TokenPerPlatform", a);
            if (limits.ChatPerSession is { } b) Bucket(problems, $"{prefix}:ChatPerSession", b);
            if (limits.ChatPerLearner is { } c) Bucket(problems, $"{prefix}:ChatPerLearner", c);
            if (limits.ChatPerPlatform is { } d) Bucket(problems, $"{prefix}:ChatPerPlatform", d);
            if (limits.StreamsPerSession is { } e) Streams(problems, $"{prefix}:StreamsPerSession", e);
        }

        foreach (var (profile, limits) in options.Profiles)
        {
            var prefix = $"{Root}:Profiles:{profile}";
            if (limits is null) continue;
            if (limits.ChatPerSession is { } a) Bucket(problems, $"{prefix}:ChatPerSession", a);
            if (limits.StreamsPerSession is { } b) Streams(problems, $"{prefix}:StreamsPerSession", b);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Bucket(List<string> problems, string setting, TokenBucketSettings? bucket)
    {
        if (bucket is null)
        {
            problems.Add($"{setting} is required.");
            return;
        }

        if (bucket.Burst is < 1 or > MaxBurst) problems.Add($"{setting}:Burst must be between 1 and {MaxBurst}.");
        if (bucket.PerMinute is < 1 or > MaxPerMinute) problems.Add($"{setting}:PerMinute must be between 1 and {MaxPerMinute}.");
    }

    private static void Streams(List<string> problems, string setting, int value)
    {
        if (value is < 1 or > 1000) problems.Add($"{setting} must be between 1 and 1000.");
    }
}
