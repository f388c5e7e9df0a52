namespace ChatWidget.Admin.Configuration;

/// <summary>The single team access row (Id is always <see cref="SingletonId"/>).</summary>
public sealed class StoredTeamAccess : IVersionedRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public bool Enabled { get; set; }

    /// <summary>Only the <see cref="TeamPasswordHasher"/> hash: the password itself is never stored.</summary>
    public string? PasswordHash { get; set; }

    public string? ProfileId { get; set; }
    public long Generation { get; set; } = 1;

    public long RowVersion { get; set; }
}
