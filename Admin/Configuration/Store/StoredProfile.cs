namespace ChatWidget.Admin.Configuration;

/// <summary>A profile row: what the assistant is told, and how the widget looks and limits input.</summary>
public sealed class StoredProfile : IVersionedRow
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string Instructions { get; set; } = "";
    public required string ModelId { get; set; }
    public float Temperature { get; set; }
    public int MaxOutputTokens { get; set; }
    public string? Greeting { get; set; }
    public List<string> Starters { get; set; } = [];
    /// <summary>Model ids tried in order when the profile's model fails before its first token.</summary>
    public List<string> FallbackModels { get; set; } = [];
    public string ThemeAccent { get; set; } = ProfileTheme.Default.Accent;
    public string? Locale { get; set; }
    public string? Disclaimer { get; set; }
    public int MaxMessageChars { get; set; } = InputLimits.Default.MaxMessageChars;
    public int MaxMessages { get; set; } = InputLimits.Default.MaxMessages;
    public int MaxTotalChars { get; set; } = InputLimits.Default.MaxTotalChars;
    public List<StoredKnowledgeEntry> Knowledge { get; set; } = [];
    public bool FromSeed { get; set; }

    public long RowVersion { get; set; }
}
