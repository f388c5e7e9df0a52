namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>Which aggregate a turn adds to: a UTC day, a platform, a profile and a model.</summary>
public readonly record struct UsageKey(DateOnly Day, string PlatformId, string ProfileId, string ModelId);

/// <summary>
/// The turns of one <see cref="UsageKey"/> not yet written: counted in memory between two batches. Not thread-safe:
/// the recorder holds its lock around <see cref="Add"/> and swaps whole tallies out to write them.
/// </summary>
public sealed class UsageTally(UsageKey key)
{
    public UsageKey Key { get; } = key;
    public long Turns { get; private set; }
    public long PromptTokens { get; private set; }
    public long CompletionTokens { get; private set; }
    public long Errors { get; private set; }
    public long Fallbacks { get; private set; }
    public long[] FirstTokenBuckets { get; } = new long[FirstTokenHistogram.Buckets];

    public void Add(int promptTokens, int completionTokens, bool error, bool fallback, TimeSpan? firstToken)
    {
        Turns++;
        PromptTokens += promptTokens;
        CompletionTokens += completionTokens;
        if (error) Errors++;
        if (fallback) Fallbacks++;
        if (firstToken is { } first) FirstTokenBuckets[FirstTokenHistogram.BucketOf(first)]++;
    }

    /// <summary>Adds another tally of the same key (a batch that could not be written).</summary>
    public void Merge(UsageTally other)
    {
        Turns += other.Turns;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
        Errors += other.Errors;
        Fallbacks += other.Fallbacks;
        for (var i = 0; i < FirstTokenBuckets.Length; i++) FirstTokenBuckets[i] += other.FirstTokenBuckets[i];
    }
}
