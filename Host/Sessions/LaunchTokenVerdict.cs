namespace ChatWidget.Host.Sessions;

/// <summary>One check a launch token went through, in order, for the admin's token tester.</summary>
/// <param name="Detail">Why it passed or failed. Never contains the token's <c>sub</c>.</param>
public sealed record LaunchTokenCheck(string Name, bool Passed, string Detail);

/// <summary>The claims Host relies on from a launch token that passed every check.</summary>
public sealed record LaunchClaims(string Subject, string TokenId, DateTimeOffset ExpiresAt, string? ProfileId, string? Origin)
{
    // The subject is a learner id: it must never reach a log through a record's generated ToString.
    public override string ToString() => $"LaunchClaims expires={ExpiresAt:O} profile={ProfileId}";
}

/// <summary>The outcome of checking one launch token against one platform's registration.</summary>
public sealed record LaunchTokenVerdict(LaunchClaims? Claims, LaunchTokenFailure? Failure, IReadOnlyList<LaunchTokenCheck> Checks)
{
    public bool IsValid => Claims is not null;
}
