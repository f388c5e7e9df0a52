namespace ChatWidget.Benchmarks.Load;

/// <summary>How one launch exchange ended: the session's access token, or why there is none (status and OAuth error).</summary>
public sealed record LaunchOutcome(string? AccessToken, string? Failure)
{
    public static LaunchOutcome Failed(string failure) => new(null, failure);
}
