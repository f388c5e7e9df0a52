using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Budgets;

/// <summary>
/// Token budgets of the chat endpoint, bound from <c>ChatWidget:Budgets</c> and validated at start. A limit of 0 is off.
/// Counted in memory per session id and per platform id only; nothing is persisted.
/// </summary>
public sealed class CostBudgetOptions : IValidatableObject
{
    public const string SectionName = "ChatWidget:Budgets";

    /// <summary>Switches every budget off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens (prompt + completion) one session may use within <see cref="SessionWindowMinutes"/>; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long SessionTokens { get; set; } = 50_000;

    /// <summary>The sliding window of <see cref="SessionTokens"/>.</summary>
    [Range(1, 7 * 24 * 60)]
    public int SessionWindowMinutes { get; set; } = 60;

    /// <summary>Tokens all sessions of one platform may use per UTC day; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long PlatformDailyTokens { get; set; }

    /// <summary>Prompt tokens of one request after trimming, for every profile without its own; 0 = only the model's context window.</summary>
    [Range(0, int.MaxValue)]
    public int MaxInputTokens { get; set; }

    /// <summary>Clamps every profile's MaxOutputTokens; 0 = the profile's value as is.</summary>
    [Range(0, int.MaxValue)]
    public int MaxOutputTokensCeiling { get; set; }

    /// <summary>Percent of a session's or platform's budget at which a warning is logged once and counted; 0 turns alerts off.</summary>
    [Range(0, 100)]
    public int AlertPercent { get; set; } = 80;

    /// <summary>Per-platform overrides (<c>ChatWidget:Budgets:Platforms:&lt;id&gt;</c>); team sessions use <c>team</c>.</summary>
    public Dictionary<string, PlatformBudget> Platforms { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-profile overrides (<c>ChatWidget:Budgets:Profiles:&lt;id&gt;</c>).</summary>
    public Dictionary<string, ProfileBudget> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public long PlatformDailyTokensFor(string platformId) =>
        Platforms.GetValueOrDefault(platformId)?.DailyTokens ?? PlatformDailyTokens;

    public int MaxInputTokensFor(string profileId) =>
        Profiles.GetValueOrDefault(profileId)?.MaxInputTokens ?? MaxInputTokens;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, platform) in Platforms)
        {
            if (platform?.DailyTokens < 0)
                yield return new ValidationResult($"{SectionName}:Platforms:{id}:DailyTokens must be 0 (unlimited) or more.");
        }

        foreach (var (id, profile) in Profiles)
        {
            if (profile?.MaxInputTokens < 0)
                yield return new ValidationResult($"{SectionName}:Profiles:{id}:MaxInputTokens must be 0 (off) or more.");
        }
    }
}
