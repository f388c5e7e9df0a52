namespace ChatWidget.Admin.Configuration;

/// <summary>One LTI role → profile mapping of a platform, in the order they are tried.</summary>
public sealed class StoredLtiRoleProfile
{
    public int Id { get; set; }
    public required string PlatformId { get; set; }
    public int Position { get; set; }
    public required string Role { get; set; }
    public required string ProfileId { get; set; }
}
