namespace ChatWidget.Host.Sessions;

/// <summary>
/// The checks one platform-signed token went through, in order: what the admin's token tester shows, and (for the
/// first failed one) the precise reason the server log records while the caller learns only that it was refused.
/// </summary>
public sealed class TokenCheckRun
{
    private readonly List<LaunchTokenCheck> _checks = [];

    public IReadOnlyList<LaunchTokenCheck> Checks => _checks;

    public LaunchTokenFailure? Failure { get; private set; }

    /// <summary>"name: detail" of the failed check, for the server log; never contains a claim value.</summary>
    public string? FailureReason { get; private set; }

    public void Pass(string name, string detail) => _checks.Add(new LaunchTokenCheck(name, true, detail));

    /// <summary>Records the failure; returns false so a check can end with <c>return run.Fail(...)</c>.</summary>
    public bool Fail(string name, LaunchTokenFailure failure, string detail)
    {
        _checks.Add(new LaunchTokenCheck(name, false, detail));
        Failure = failure;
        FailureReason = $"{name}: {detail}";
        return false;
    }
}
