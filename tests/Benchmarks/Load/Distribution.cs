namespace ChatWidget.Benchmarks.Load;

/// <summary>Percentiles of a set of measurements (nearest rank), plus the count they came from.</summary>
public sealed record Distribution(int Count, double P50, double P90, double P99, double Max)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new Distribution(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
