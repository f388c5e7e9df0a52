namespace ChatWidget.Host.Lti;

/// <summary>
/// What Host uses from a verified id_token. Names, emails and the rest of the token are never read into it; the roles
/// are used to choose a profile and dropped with this object.
/// </summary>
internal sealed record LtiLaunchClaims(string Subject, IReadOnlyList<string> Roles, string? RequestedProfile, string? Locale)
{
    // sub is a learner id and roles describe the learner: neither may reach a log through a generated ToString.
    public override string ToString() => $"LtiLaunchClaims profile={RequestedProfile}";
}
