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

    /// <summary>The knowledge bases searched on every turn (published ones count; see <see cref="GroundingSettings"/>).</summary>
    public List<string> KnowledgeBaseIds { get; set; } = [];

    /// <summary>Token budget of the excerpts placed in the prompt.</summary>
    public int KnowledgeMaxTokens { get; set; } = GroundingSettings.DefaultMaxTokens;

    /// <summary>Whether the model must say it does not know when no source matches.</summary>
    public bool OnlyFromSources { get; set; }

    /// <summary>An openai model id whose embeddings add a semantic ranking; null for full-text ranking alone.</summary>
    public string? EmbeddingModelId { get; set; }
    public bool FromSeed { get; set; }

    public long RowVersion { get; set; }
}
