namespace ChatWidget.Admin.Configuration;

/// <summary>One question-and-answer pair of a profile, kept in its own table so the dashboard can edit entries one by one.</summary>
public sealed class StoredKnowledgeEntry
{
    public int Id { get; set; }
    public required string ProfileId { get; set; }

    /// <summary>Keeps the administrator's order; a table has none of its own.</summary>
    public int Position { get; set; }

    public required string Question { get; set; }
    public required string Answer { get; set; }
}
