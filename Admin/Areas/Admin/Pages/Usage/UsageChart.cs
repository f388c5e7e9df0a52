using System.Globalization;

namespace ChatWidget.Admin.Areas.Admin.Pages.Usage;

/// <summary>A bar of the chart: a day's input and output tokens stacked, in SVG user units.</summary>
public sealed record UsageBar(UsageDayPoint Day, double X, double Width, double InputY, double InputHeight, double OutputY, double OutputHeight);

/// <summary>
/// The Usage page's chart, drawn on the server as SVG (no script, no inline style: the dashboard's CSP holds): a stacked
/// bar of tokens per day on the left axis, and a line of turns per day on the right axis.
/// </summary>
public sealed class UsageChart
{
    public const double Width = 760, Height = 260, Left = 64, Right = 48, Top = 16, Bottom = 36;

    public UsageChart(IReadOnlyList<UsageDayPoint> days)
    {
        Days = days;
        MaxTokens = Math.Max(1, days.Count == 0 ? 0 : days.Max(d => d.PromptTokens + d.CompletionTokens));
        MaxTurns = Math.Max(1, days.Count == 0 ? 0 : days.Max(d => d.Turns));
        var slot = PlotWidth / Math.Max(1, days.Count);
        Bars = days.Select((day, i) =>
        {
            var input = PlotHeight * day.PromptTokens / MaxTokens;
            var output = PlotHeight * day.CompletionTokens / MaxTokens;
            var baseline = Top + PlotHeight;
            return new UsageBar(day, Left + i * slot + slot * 0.15, slot * 0.7, baseline - input, input, baseline - input - output, output);
        }).ToList();
        TurnsLine = string.Join(' ', days.Select((day, i) =>
            Number(Left + i * slot + slot / 2) + "," + Number(Top + PlotHeight - PlotHeight * day.Turns / MaxTurns)));
    }

    public IReadOnlyList<UsageDayPoint> Days { get; }
    public IReadOnlyList<UsageBar> Bars { get; }
    public long MaxTokens { get; }
    public long MaxTurns { get; }

    /// <summary>The points attribute of the turns polyline.</summary>
    public string TurnsLine { get; }

    public static double PlotWidth => Width - Left - Right;
    public static double PlotHeight => Height - Top - Bottom;
    public static double Baseline => Top + PlotHeight;

    /// <summary>Every n-th day is labelled so the labels never overlap.</summary>
    public bool Labelled(int index) => index % Math.Max(1, (int)Math.Ceiling(Days.Count / 12d)) == 0;

    /// <summary>An SVG coordinate with a dot, whatever the culture.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
