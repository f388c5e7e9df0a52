namespace ChatWidget.Host.Budgets;

/// <summary>A profile's own input ceiling (<c>ChatWidget:Budgets:Profiles:&lt;id&gt;:MaxInputTokens</c>); left out = the global one.</summary>
public sealed class ProfileBudget
{
    /// <summary>Prompt tokens of one request after trimming; 0 = only the model's context window.</summary>
    public int? MaxInputTokens { get; set; }
}
