namespace ChatWidget.Admin.Configuration;

/// <summary>Unpublished edits of a profile (one draft per profile). Host never reads drafts.</summary>
public sealed class StoredProfileDraft : IVersionedRow
{
    public required string ProfileId { get; set; }
    public required string Json { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public long RowVersion { get; set; }
}
