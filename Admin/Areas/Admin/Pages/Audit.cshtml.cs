using System.Text;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages;

public sealed class AuditModel(IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    public const int PageSize = 500;

    [BindProperty(SupportsGet = true, Name = "actor")] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public string CsvUrl => Url.Page("/Audit", "Csv", new { actor = Who, action = Action, target = Target, from = From?.ToString("yyyy-MM-dd"), to = To?.ToString("yyyy-MM-dd") })!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await QueryAsync(PageSize, cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(int.MaxValue, cancellationToken);
        var csv = new StringBuilder("at_utc,actor,action,target_type,target_id,before,after\r\n");
        foreach (var e in rows)
        {
            csv.AppendJoin(',', new[] { e.At.UtcDateTime.ToString("O"), e.Actor, e.Action, e.TargetType, e.TargetId, e.Before, e.After }.Select(Csv.Cell)).Append("\r\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "chatwidget-audit.csv");
    }

    private async Task<List<AuditEntry>> QueryAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<AuditEntry> query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Who)) query = query.Where(e => e.Actor.Contains(Who.Trim()));
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action.Contains(Action.Trim()));
        if (!string.IsNullOrWhiteSpace(Target)) query = query.Where(e => e.TargetId.Contains(Target.Trim()));
        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At < end);
        }

        return await query.OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }
}
