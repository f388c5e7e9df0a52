namespace ChatWidget.Host.Lti;

/// <summary>
/// A verified launch waiting for its chat page to open the session. Holds no learner data but the keyed hash of
/// <c>sub</c>; <see cref="BinderHash"/> is set when the browser has still to prove it started the login (storage path).
/// </summary>
internal sealed record LtiLaunchTicket(string PlatformId, string ProfileId, string LearnerHash, long Generation, string? BinderHash)
{
    public override string ToString() => $"LtiLaunchTicket {PlatformId} profile={ProfileId}";
}
