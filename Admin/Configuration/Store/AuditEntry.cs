namespace ChatWidget.Admin.Configuration;

/// <summary>
/// One administrative change: who, what, when, and the non-secret fields before and after (JSON).
/// Learner data never reaches configuration, so it cannot reach this table either.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public required string TargetId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
