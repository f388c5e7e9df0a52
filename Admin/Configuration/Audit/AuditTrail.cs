using System.Text.Json;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Adds audit entries to a context so they are saved in the same transaction as the change they describe.
/// Callers pass only non-secret projections (never API keys, shared secrets or password hashes).
/// </summary>
public static class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(ConfigurationDbContext db, string actor, string action, string targetType, string targetId,
        object? before = null, object? after = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = DateTimeOffset.UtcNow,
            Actor = actor,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Before = Serialize(before),
            After = Serialize(after),
        });

    private static string? Serialize(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => JsonSerializer.Serialize(value, value.GetType(), Json),
    };
}
