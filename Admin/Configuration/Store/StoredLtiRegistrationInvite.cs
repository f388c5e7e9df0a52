namespace ChatWidget.Admin.Configuration;

/// <summary>
/// A one-time LTI Dynamic Registration link an administrator created. Only a hash of the link's secret is stored, so
/// the table (or a backup of it) cannot be used to register a platform.
/// </summary>
public sealed class StoredLtiRegistrationInvite
{
    /// <summary>SHA-256 of the link's secret, base64url.</summary>
    public required string Id { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The platform the registration created (disabled until an administrator enables it).</summary>
    public string? PlatformId { get; set; }
}
