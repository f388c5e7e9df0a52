using ChatWidget.Admin.Configuration.Usage;

namespace ChatWidget.Admin.Areas.Admin.Pages.Usage;

/// <summary>One UTC day of the chart: turns and tokens summed over whatever the filter kept.</summary>
public sealed record UsageDayPoint(DateOnly Day, long Turns, long PromptTokens, long CompletionTokens);

/// <summary>Sums of a group (everything, a model, a profile or a platform), with first-token quantiles from merged buckets.</summary>
public sealed record UsageTotals(string Id, long Turns, long PromptTokens, long CompletionTokens, long Errors, long Fallbacks,
    int? MedianFirstTokenMs, int? P95FirstTokenMs, decimal? Cost)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

/// <summary>What the Usage page shows of the rows a filter read: the daily series, totals, per-model cost, top groups.</summary>
public sealed class UsageReport
{
    public const int TopCount = 10;

    private readonly UsageRows _rows;
    private readonly IReadOnlyDictionary<string, StoredModelPrice> _prices;

    public UsageReport(UsageRows rows, IReadOnlyDictionary<string, StoredModelPrice> prices, DateOnly from, DateOnly to)
    {
        _rows = rows;
        _prices = prices;
        var byDay = rows.Days.GroupBy(d => d.Day).ToDictionary(g => g.Key);
        var days = new List<UsageDayPoint>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(byDay.TryGetValue(day, out var g)
                ? new UsageDayPoint(day, g.Sum(d => d.Turns), g.Sum(d => d.PromptTokens), g.Sum(d => d.CompletionTokens))
                : new UsageDayPoint(day, 0, 0, 0));
        }

        Days = days;
        ByModel = Group(d => d.ModelId, b => b.ModelId);
        // The estimate covers the priced models; the page names the others.
        Total = Totals("all", rows.Days, rows.Buckets) with { Cost = PricedCost() };
        TopProfiles = Group(d => d.ProfileId, b => b.ProfileId).OrderByDescending(t => t.Tokens).Take(TopCount).ToList();
        TopPlatforms = Group(d => d.PlatformId, b => b.PlatformId).OrderByDescending(t => t.Tokens).Take(TopCount).ToList();
    }

    public IReadOnlyList<UsageDayPoint> Days { get; }
    public UsageTotals Total { get; }
    public IReadOnlyList<UsageTotals> ByModel { get; }
    public IReadOnlyList<UsageTotals> TopProfiles { get; }
    public IReadOnlyList<UsageTotals> TopPlatforms { get; }

    /// <summary>Models used in the range without a price: the cost estimate leaves them out.</summary>
    public IEnumerable<string> UnpricedModels => ByModel.Where(m => m.Cost is null).Select(m => m.Id);

    /// <summary>The estimate of one day row (null when its model has no price).</summary>
    public decimal? CostOf(string modelId, long promptTokens, long completionTokens) =>
        _prices.TryGetValue(modelId, out var price)
            ? Math.Round((promptTokens * price.InputPerMillion + completionTokens * price.OutputPerMillion) / 1_000_000m, 4)
            : null;

    /// <summary>First-token buckets of one day row, for the CSV export.</summary>
    public IReadOnlyList<long> BucketsOf(StoredUsageDay day)
    {
        var counts = new long[FirstTokenHistogram.Buckets];
        foreach (var bucket in _rows.Buckets.Where(b => b.Day == day.Day && b.PlatformId == day.PlatformId && b.ProfileId == day.ProfileId && b.ModelId == day.ModelId))
            counts[bucket.Bucket] += bucket.Count;
        return counts;
    }

    private decimal? PricedCost() => ByModel.Any(m => m.Cost is not null) ? ByModel.Sum(m => m.Cost ?? 0) : null;

    private List<UsageTotals> Group(Func<StoredUsageDay, string> dayKey, Func<StoredFirstTokenBucket, string> bucketKey)
    {
        var buckets = _rows.Buckets.ToLookup(bucketKey);
        return _rows.Days.GroupBy(dayKey).Select(g => Totals(g.Key, g.ToList(), buckets[g.Key].ToList())).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    private UsageTotals Totals(string id, IReadOnlyCollection<StoredUsageDay> days, IReadOnlyCollection<StoredFirstTokenBucket> buckets)
    {
        var counts = new long[FirstTokenHistogram.Buckets];
        foreach (var bucket in buckets) counts[bucket.Bucket] += bucket.Count;
        var cost = days.Select(d => CostOf(d.ModelId, d.PromptTokens, d.CompletionTokens)).ToList();
        return new UsageTotals(id, days.Sum(d => d.Turns), days.Sum(d => d.PromptTokens), days.Sum(d => d.CompletionTokens),
            days.Sum(d => d.Errors), days.Sum(d => d.Fallbacks), FirstTokenHistogram.Quantile(counts, 0.5), FirstTokenHistogram.Quantile(counts, 0.95),
            cost.Count > 0 && cost.All(c => c is not null) ? cost.Sum() : null);
    }
}
