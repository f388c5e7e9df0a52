namespace ChatWidget.Admin.Configuration;

/// <summary>A registration link as the dashboard lists it: never its secret, which only its creator saw once.</summary>
/// <param name="Id">The SHA-256 of the secret (not itself a secret): what the dashboard revokes by.</param>
/// <param name="PlatformId">The platform the registration created, once used.</param>
public sealed record LtiInvite(
    string Id,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt,
    string? PlatformId,
    LtiInviteStatus Status);
