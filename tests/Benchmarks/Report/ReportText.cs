using System.Globalization;

namespace ChatWidget.Benchmarks.Report;

/// <summary>How the report's sections write numbers: invariant culture, milliseconds with two decimals, n/a for nothing measured.</summary>
internal static class ReportText
{
    public static string Verdict(bool met) => met ? "met" : "**missed**";

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:F2} ms");

    /// <summary>A difference of milliseconds, with its sign and three decimals: Redis's cost is a fraction of one.</summary>
    public static string AddedMs(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:+0.000;-0.000;0.000} ms");

    public static string Number(double value) => Invariant($"{value:N0}");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
