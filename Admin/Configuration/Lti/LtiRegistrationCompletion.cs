namespace ChatWidget.Admin.Configuration;

/// <summary>How storing a dynamically registered platform ended.</summary>
public enum LtiRegistrationCompletion
{
    /// <summary>The platform is stored, disabled, and the invite is used.</summary>
    Stored,

    /// <summary>The invite was revoked, or its claim lapsed and another registration took it: nothing stored.</summary>
    InviteLost,

    /// <summary>A platform with this issuer and client id exists already; a second would make launches ambiguous.</summary>
    AlreadyRegistered,

    /// <summary>The platform signs id_tokens with no algorithm ChatWidget can verify.</summary>
    NoVerifiableAlgorithm,
}
