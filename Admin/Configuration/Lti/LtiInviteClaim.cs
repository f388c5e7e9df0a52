namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Proof that this registration, and no other, holds an invite: the moment it was claimed is written into the
/// invite's <see cref="StoredLtiRegistrationInvite.UsedAt"/>, and completing or releasing the claim checks that value.
/// </summary>
/// <param name="InviteId">The invite's id (the hash of its secret).</param>
/// <param name="CreatedBy">The administrator who created the link, for the audit entry of the registration.</param>
public sealed record LtiInviteClaim(string InviteId, DateTimeOffset ClaimedAt, string CreatedBy);
