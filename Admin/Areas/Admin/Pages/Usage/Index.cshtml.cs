using System.Globalization;
using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Usage;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Usage;

/// <summary>
/// Dashboard → Usage: tokens and turns per UTC day (filtered by platform, profile, model and dates), a cost estimate
/// from the prices entered here, the top profiles and platforms, a CSV export, and today's share of each platform's
/// daily budget. Aggregates only: nothing on this page is about a learner or a conversation.
/// </summary>
public sealed class IndexModel(UsageStore store, IPlatformBudgets budgets, ILiveConfiguration live, TimeProvider time) : AdminPageModel
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    [BindProperty(SupportsGet = true)] public string? Platform { get; set; }
    [BindProperty(SupportsGet = true)] public string? Profile { get; set; }
    [BindProperty(SupportsGet = true, Name = "model")] public string? ModelId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public UsageReport Report { get; private set; } = null!;
    public UsageChart Chart { get; private set; } = null!;
    public IReadOnlyDictionary<string, StoredModelPrice> Prices { get; private set; } = new Dictionary<string, StoredModelPrice>();
    public IReadOnlyList<PlatformBudgetUse> Budgets { get; private set; } = [];
    public ConfigurationSnapshot Snapshot { get; private set; } = null!;
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public string CsvUrl => Url.Page("/Usage/Index", "Csv", new { platform = Platform, profile = Profile, model = ModelId, from = Iso(From), to = Iso(To) })!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Range() is not { } filter) return await ShowAsync(DefaultFilter(), cancellationToken);
        return await ShowAsync(filter, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (Range() is not { } filter) return BadRequest(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);
        var report = await ReportAsync(filter, cancellationToken);
        var rows = (await store.ReadAsync(filter, cancellationToken)).Days
            .OrderBy(d => d.Day).ThenBy(d => d.PlatformId, StringComparer.Ordinal).ThenBy(d => d.ProfileId, StringComparer.Ordinal).ThenBy(d => d.ModelId, StringComparer.Ordinal);
        var csv = new StringBuilder("day_utc,platform,profile,model,turns,prompt_tokens,completion_tokens,errors,fallbacks,first_token_median_ms,first_token_p95_ms,cost_estimate\r\n");
        foreach (var d in rows)
        {
            var buckets = report.BucketsOf(d);
            csv.AppendJoin(',', new[]
            {
                d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.PlatformId, d.ProfileId, d.ModelId, Invariant(d.Turns), Invariant(d.PromptTokens),
                Invariant(d.CompletionTokens), Invariant(d.Errors), Invariant(d.Fallbacks), Invariant(FirstTokenHistogram.Quantile(buckets, 0.5)),
                Invariant(FirstTokenHistogram.Quantile(buckets, 0.95)), Invariant(report.CostOf(d.ModelId, d.PromptTokens, d.CompletionTokens)),
            }.Select(Csv.Cell)).Append("\r\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "chatwidget-usage.csv");
    }

    /// <summary>Sets a model's prices per million input and output tokens; two empty fields remove them.</summary>
    public async Task<IActionResult> OnPostPriceAsync(string priceModel, string? inputPrice, string? outputPrice, CancellationToken cancellationToken)
    {
        var snapshot = await live.CurrentAsync(cancellationToken);
        if (!snapshot.Models.ContainsKey(priceModel)) ModelState.AddModelError(string.Empty, $"There is no model {priceModel}.");
        var input = Price(inputPrice, "input");
        var output = Price(outputPrice, "output");
        if (!ModelState.IsValid) return await ShowAsync(Range() ?? DefaultFilter(), cancellationToken);
        await store.SavePriceAsync(Actor, priceModel, input, output, cancellationToken);
        return Done(input is null && output is null ? $"Removed the prices of {priceModel}." : $"Saved the prices of {priceModel}.", "/Usage/Index",
            new { platform = Platform, profile = Profile, model = ModelId, from = Iso(From), to = Iso(To) });
    }

    private async Task<IActionResult> ShowAsync(UsageFilter filter, CancellationToken cancellationToken)
    {
        From = filter.From;
        To = filter.To;
        Snapshot = await live.CurrentAsync(cancellationToken);
        Report = await ReportAsync(filter, cancellationToken);
        Chart = new UsageChart(Report.Days);
        Budgets = await budgets.TodayAsync(Snapshot.Platforms.Keys.Order(StringComparer.Ordinal), cancellationToken);
        return Page();
    }

    private async Task<UsageReport> ReportAsync(UsageFilter filter, CancellationToken cancellationToken)
    {
        Prices = await store.PricesAsync(cancellationToken);
        return new UsageReport(await store.ReadAsync(filter, cancellationToken), Prices, filter.From, filter.To);
    }

    /// <summary>The filter the query asks for, or null (with a model error) when its dates make no sense.</summary>
    private UsageFilter? Range()
    {
        var to = To ?? Today;
        var from = From ?? to.AddDays(1 - DefaultDays);
        if (from > to) ModelState.AddModelError(string.Empty, "The start date is after the end date.");
        else if (to.DayNumber - from.DayNumber >= MaxDays) ModelState.AddModelError(string.Empty, $"Choose at most {MaxDays} days.");
        return ModelState.IsValid ? new UsageFilter(from, to, Blank(Platform), Blank(Profile), Blank(ModelId)) : null;
    }

    private UsageFilter DefaultFilter() => new(Today.AddDays(1 - DefaultDays), Today, Blank(Platform), Blank(Profile), Blank(ModelId));

    private decimal? Price(string? text, string kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price <= 1_000_000m) return price;
        ModelState.AddModelError(string.Empty, $"The {kind} price must be a number of currency units per million tokens, such as 0.15 (a dot, no sign).");
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant<T>(T? value) where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
