namespace ChatWidget.Admin.Configuration;

/// <summary>
/// One published version of a profile, kept forever so that versions can be compared and restored.
/// <see cref="Json"/> holds every field as a <see cref="ProfileDocument"/>; the live row in Profiles always equals the newest version.
/// </summary>
public sealed class StoredProfileVersion
{
    public int Id { get; set; }
    public required string ProfileId { get; set; }
    public int Number { get; set; }
    public required string Json { get; set; }

    /// <summary>The administrator's email, or "seed file" / "demo".</summary>
    public required string PublishedBy { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}
