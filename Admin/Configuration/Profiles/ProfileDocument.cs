using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatWidget.Admin.Configuration;

/// <summary>Every field of a profile except its id: what a draft and a published version store as JSON.</summary>
public sealed record ProfileDocument
{
    public string Title { get; init; } = "";
    public string Instructions { get; init; } = "";
    public string Model { get; init; } = "";
    public float Temperature { get; init; } = 0.3f;
    public int MaxOutputTokens { get; init; } = 512;
    public string? Greeting { get; init; }
    public IReadOnlyList<string> Starters { get; init; } = [];
    public string Accent { get; init; } = ProfileTheme.Default.Accent;
    public string? Locale { get; init; }
    public string? Disclaimer { get; init; }
    public int MaxMessageChars { get; init; } = InputLimits.Default.MaxMessageChars;
    public int MaxMessages { get; init; } = InputLimits.Default.MaxMessages;
    public int MaxTotalChars { get; init; } = InputLimits.Default.MaxTotalChars;
    public IReadOnlyList<KnowledgeEntry> Knowledge { get; init; } = [];

    /// <summary>Ids of the knowledge bases the profile answers from (<see cref="GroundingSettings.KnowledgeBaseIds"/>).</summary>
    public IReadOnlyList<string> KnowledgeBases { get; init; } = [];

    public int KnowledgeMaxTokens { get; init; } = GroundingSettings.DefaultMaxTokens;
    public bool OnlyFromSources { get; init; }
    public string? EmbeddingModel { get; init; }

    /// <summary>
    /// In a published version only: the revision of each knowledge base the version answered from when it was written
    /// ({"cs101": 4}). Publishing a knowledge base writes a new version of every profile attached to it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? KnowledgeRevisions { get; init; }

    public const int MinKnowledgeMaxTokens = 100;
    public const int MaxKnowledgeMaxTokens = 16000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ProfileDocument FromJson(string json) => JsonSerializer.Deserialize<ProfileDocument>(json, Json)!;

    public static ProfileDocument From(StoredProfile profile) => new()
    {
        Title = profile.Title,
        Instructions = profile.Instructions,
        Model = profile.ModelId,
        Temperature = profile.Temperature,
        MaxOutputTokens = profile.MaxOutputTokens,
        Greeting = profile.Greeting,
        Starters = profile.Starters.ToArray(),
        Accent = profile.ThemeAccent,
        Locale = profile.Locale,
        Disclaimer = profile.Disclaimer,
        MaxMessageChars = profile.MaxMessageChars,
        MaxMessages = profile.MaxMessages,
        MaxTotalChars = profile.MaxTotalChars,
        Knowledge = profile.Knowledge.OrderBy(k => k.Position).Select(k => new KnowledgeEntry(k.Question, k.Answer)).ToArray(),
        KnowledgeBases = profile.KnowledgeBaseIds.ToArray(),
        KnowledgeMaxTokens = profile.KnowledgeMaxTokens,
        OnlyFromSources = profile.OnlyFromSources,
        EmbeddingModel = profile.EmbeddingModelId,
    };

    /// <summary>Copies this document onto the live row (which Host's snapshot reads).</summary>
    public void ApplyTo(ConfigurationDbContext db, StoredProfile profile)
    {
        profile.Title = Title;
        profile.Instructions = Instructions;
        profile.ModelId = Model;
        profile.Temperature = Temperature;
        profile.MaxOutputTokens = MaxOutputTokens;
        profile.Greeting = Greeting;
        if (!profile.Starters.SequenceEqual(Starters, StringComparer.Ordinal)) profile.Starters = Starters.ToList();
        profile.ThemeAccent = Accent;
        profile.Locale = Locale;
        profile.Disclaimer = Disclaimer;
        profile.MaxMessageChars = MaxMessageChars;
        profile.MaxMessages = MaxMessages;
        profile.MaxTotalChars = MaxTotalChars;
        if (!profile.KnowledgeBaseIds.SequenceEqual(KnowledgeBases, StringComparer.Ordinal)) profile.KnowledgeBaseIds = KnowledgeBases.ToList();
        profile.KnowledgeMaxTokens = KnowledgeMaxTokens;
        profile.OnlyFromSources = OnlyFromSources;
        profile.EmbeddingModelId = EmbeddingModel;
        var current = profile.Knowledge.OrderBy(k => k.Position).Select(k => new KnowledgeEntry(k.Question, k.Answer)).ToList();
        if (!current.SequenceEqual(Knowledge))
        {
            db.KnowledgeEntries.RemoveRange(profile.Knowledge);
            profile.Knowledge = Knowledge
                .Select((k, i) => new StoredKnowledgeEntry { ProfileId = profile.Id, Position = i, Question = k.Question, Answer = k.Answer })
                .ToList();
        }
    }

    /// <summary>Field-by-field comparison for the versions page: (field, this value, other value) for fields that differ.</summary>
    public IReadOnlyList<(string Field, string Left, string Right)> Compare(ProfileDocument other)
    {
        var rows = new List<(string, string, string)>();
        void Add(string field, string? a, string? b)
        {
            if (!string.Equals(a ?? "", b ?? "", StringComparison.Ordinal)) rows.Add((field, a ?? "", b ?? ""));
        }

        Add("Title", Title, other.Title);
        Add("Instructions", Instructions, other.Instructions);
        Add("Model", Model, other.Model);
        Add("Temperature", Temperature.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Temperature.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Max output tokens", MaxOutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), other.MaxOutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Greeting", Greeting, other.Greeting);
        Add("Starters", string.Join("\n", Starters), string.Join("\n", other.Starters));
        Add("Accent", Accent, other.Accent);
        Add("Locale", Locale, other.Locale);
        Add("Disclaimer", Disclaimer, other.Disclaimer);
        Add("Max message chars", MaxMessageChars.ToString(System.Globalization.CultureInfo.InvariantCulture), other.MaxMessageChars.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Max messages", MaxMessages.ToString(System.Globalization.CultureInfo.InvariantCulture), other.MaxMessages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Max total chars", MaxTotalChars.ToString(System.Globalization.CultureInfo.InvariantCulture), other.MaxTotalChars.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Knowledge", string.Join("\n", Knowledge.Select(k => $"Q: {k.Question}\nA: {k.Answer}")), string.Join("\n", other.Knowledge.Select(k => $"Q: {k.Question}\nA: {k.Answer}")));
        Add("Knowledge bases", string.Join("\n", KnowledgeBases), string.Join("\n", other.KnowledgeBases));
        Add("Knowledge max tokens", KnowledgeMaxTokens.ToString(CultureInfo.InvariantCulture), other.KnowledgeMaxTokens.ToString(CultureInfo.InvariantCulture));
        Add("Only from sources", OnlyFromSources ? "yes" : "no", other.OnlyFromSources ? "yes" : "no");
        Add("Embedding model", EmbeddingModel, other.EmbeddingModel);
        Add("Knowledge revisions", DescribeRevisions(KnowledgeRevisions), DescribeRevisions(other.KnowledgeRevisions));
        return rows;
    }

    public bool SameAs(ProfileDocument other) => Compare(other).Count == 0;

    /// <summary>"knowledge cs101 revision 4", one line per base, as the versions page shows it.</summary>
    public static string DescribeRevisions(IReadOnlyDictionary<string, int>? revisions) =>
        string.Join("\n", (revisions ?? new Dictionary<string, int>()).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"knowledge {r.Key} revision {r.Value.ToString(CultureInfo.InvariantCulture)}"));
}
