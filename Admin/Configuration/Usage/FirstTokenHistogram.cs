namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>
/// Fixed first-token buckets (upper bounds in milliseconds, then one open bucket): counts of the same bucket add up
/// across instances and days, so medians and 95th percentiles of any merge are read from the sums.
/// </summary>
public static class FirstTokenHistogram
{
    public static readonly int[] UpperBoundsMilliseconds = [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000];

    /// <summary>Bucket count: the bounded ones and the open one above the last bound.</summary>
    public static int Buckets => UpperBoundsMilliseconds.Length + 1;

    public static int BucketOf(TimeSpan firstToken)
    {
        var milliseconds = firstToken.TotalMilliseconds;
        for (var i = 0; i < UpperBoundsMilliseconds.Length; i++)
        {
            if (milliseconds <= UpperBoundsMilliseconds[i]) return i;
        }

        return UpperBoundsMilliseconds.Length;
    }

    /// <summary>
    /// The upper bound (ms) of the bucket holding the <paramref name="quantile"/> of the counts; the last bound for the open
    /// bucket; null without counts.
    /// </summary>
    public static int? Quantile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0) return null;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank) return UpperBoundsMilliseconds[Math.Min(i, UpperBoundsMilliseconds.Length - 1)];
        }

        return UpperBoundsMilliseconds[^1];
    }
}
