namespace ChatWidget.Host.Budgets;

/// <summary>A platform's own daily budget (<c>ChatWidget:Budgets:Platforms:&lt;id&gt;:DailyTokens</c>); left out = the global one.</summary>
public sealed class PlatformBudget
{
    /// <summary>Tokens all sessions of the platform may use per UTC day; 0 = unlimited.</summary>
    public long? DailyTokens { get; set; }
}
