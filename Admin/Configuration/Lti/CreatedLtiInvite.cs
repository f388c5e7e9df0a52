namespace ChatWidget.Admin.Configuration;

/// <summary>A new registration link: its secret exists only in this value, to be shown to its creator once.</summary>
public sealed record CreatedLtiInvite(string Secret, LtiInvite Invite)
{
    /// <summary>The link to paste into the platform: <c>HOST/lti/register?invite=SECRET</c>.</summary>
    public string LinkFor(string hostOrigin) => $"{hostOrigin.TrimEnd('/')}{LtiToolPaths.Register}?invite={Secret}";

    // The secret must not reach a log through the record's generated ToString.
    public override string ToString() => $"CreatedLtiInvite {Invite.Id}";
}
