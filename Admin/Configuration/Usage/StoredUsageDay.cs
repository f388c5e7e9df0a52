namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>
/// One UTC day of chat turns for one platform, profile and model: sums only, never a row per turn, nothing about a
/// learner or a conversation. Instances add to the same row atomically (<see cref="UsageStore.AddAsync"/>).
/// </summary>
public sealed class StoredUsageDay : IUsageRow
{
    public DateOnly Day { get; set; }
    public string PlatformId { get; set; } = "";
    public string ProfileId { get; set; } = "";
    public string ModelId { get; set; } = "";
    public long Turns { get; set; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
    public long Errors { get; set; }
    public long Fallbacks { get; set; }
}

/// <summary>How many turns of a <see cref="StoredUsageDay"/> had their first token within one <see cref="FirstTokenHistogram"/> bucket.</summary>
public sealed class StoredFirstTokenBucket : IUsageRow
{
    public DateOnly Day { get; set; }
    public string PlatformId { get; set; } = "";
    public string ProfileId { get; set; } = "";
    public string ModelId { get; set; } = "";
    public int Bucket { get; set; }
    public long Count { get; set; }
}

/// <summary>What both usage tables are keyed by, apart from the bucket.</summary>
public interface IUsageRow
{
    DateOnly Day { get; }
    string PlatformId { get; }
    string ProfileId { get; }
    string ModelId { get; }
}

/// <summary>The administrator's price of a model, per million input and output tokens, for the Usage page's cost estimate.</summary>
public sealed class StoredModelPrice
{
    public string ModelId { get; set; } = "";
    public decimal InputPerMillion { get; set; }
    public decimal OutputPerMillion { get; set; }
}
