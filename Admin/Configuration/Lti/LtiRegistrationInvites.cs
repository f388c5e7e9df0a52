using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// One-time LTI Dynamic Registration links: an administrator creates one, hands it to the platform's administrator,
/// and the first platform that opens it registers ChatWidget. A link lasts <see cref="Lifetime"/> and works once.
/// </summary>
/// <remarks>
/// Claiming is one conditional UPDATE, so when two platforms open the same link at once exactly one of them goes on to
/// register. A claim that fails (the platform's configuration cannot be read, it refuses the registration) is released
/// and the link works again; a claim abandoned by a process that stopped mid-way lapses after <see cref="ClaimTimeout"/>.
/// Invites are not configuration: creating, claiming or revoking one does not bump the configuration version.
/// </remarks>
public sealed class LtiRegistrationInvites(IDbContextFactory<ConfigurationDbContext> contextFactory, TimeProvider time)
{
    /// <summary>
    /// Long enough to reach the platform's administrator the same day, short enough that a link forgotten in a chat or
    /// a mail is dead by tomorrow. Not a setting: an administrator who needs another link creates one.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Longer than the two outgoing calls of a registration (10 s each) can take, with room to spare.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    public const string AuditTargetType = "lti-invite";
    private const int ListLimit = 200;

    public async Task<CreatedLtiInvite> CreateAsync(string createdBy, CancellationToken cancellationToken)
    {
        var secret = LtiInviteSecret.Create();
        var now = Now();
        var stored = new StoredLtiRegistrationInvite
        {
            Id = LtiInviteSecret.Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.LtiRegistrationInvites.Add(stored);
        AuditTrail.Record(db, createdBy, "lti-invite.create", AuditTargetType, stored.Id, after: new { stored.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedLtiInvite(secret, View(stored, now));
    }

    /// <summary>The newest links first, with their status at this moment.</summary>
    public async Task<IReadOnlyList<LtiInvite>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.LtiRegistrationInvites.AsNoTracking()
            .OrderByDescending(i => i.CreatedAt).Take(ListLimit).ToListAsync(cancellationToken);
        var now = Now();
        return stored.Select(i => View(i, now)).ToList();
    }

    /// <summary>
    /// Deletes a link that has not registered a platform, so its secret stops working (a registration under way then
    /// fails to complete). Used links stay, as the record of which link created which platform. False when there is
    /// no such unused link.
    /// </summary>
    public async Task<bool> RevokeAsync(string inviteId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invite = await db.LtiRegistrationInvites.AsNoTracking().SingleOrDefaultAsync(i => i.Id == inviteId, cancellationToken);
        // Conditional, so a registration completing at this very moment keeps its link.
        var deleted = await db.LtiRegistrationInvites.Where(i => i.Id == inviteId && i.PlatformId == null)
            .ExecuteDeleteAsync(cancellationToken);
        if (invite is null || deleted != 1) return false;

        AuditTrail.Record(db, actor, "lti-invite.revoke", AuditTargetType, invite.Id,
            before: new { invite.CreatedBy, invite.CreatedAt, invite.ExpiresAt, Status = StatusOf(invite, Now()).ToString() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes the link for one registration, atomically: null when the secret is unknown, the link is used, expired, or
    /// another registration holds it right now.
    /// </summary>
    public async Task<LtiInviteClaim?> ClaimAsync(string secret, CancellationToken cancellationToken)
    {
        if (!LtiInviteSecret.LooksValid(secret)) return null;
        var id = LtiInviteSecret.Hash(secret);
        var now = Now();
        var lapsedBefore = now - ClaimTimeout;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.LtiRegistrationInvites
            .Where(i => i.Id == id && i.PlatformId == null && i.ExpiresAt > now && (i.UsedAt == null || i.UsedAt < lapsedBefore))
            .ExecuteUpdateAsync(update => update.SetProperty(i => i.UsedAt, now), cancellationToken);
        if (claimed != 1) return null;

        var createdBy = await db.LtiRegistrationInvites.AsNoTracking().Where(i => i.Id == id).Select(i => i.CreatedBy)
            .SingleAsync(cancellationToken);
        return new LtiInviteClaim(id, now, createdBy);
    }

    /// <summary>Gives the link back after a registration that created no platform, so it can be tried again.</summary>
    public async Task ReleaseAsync(LtiInviteClaim claim, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.LtiRegistrationInvites
            .Where(i => i.Id == claim.InviteId && i.PlatformId == null && i.UsedAt == claim.ClaimedAt)
            .ExecuteUpdateAsync(update => update.SetProperty(i => i.UsedAt, (DateTimeOffset?)null), cancellationToken);
    }

    internal static LtiInviteStatus StatusOf(StoredLtiRegistrationInvite invite, DateTimeOffset now) =>
        invite.PlatformId is not null ? LtiInviteStatus.Used
        : invite.UsedAt is { } claimedAt && claimedAt > now - ClaimTimeout ? LtiInviteStatus.Registering
        : invite.ExpiresAt <= now ? LtiInviteStatus.Expired
        : LtiInviteStatus.Open;

    private static LtiInvite View(StoredLtiRegistrationInvite i, DateTimeOffset now) =>
        new(i.Id, i.CreatedBy, i.CreatedAt, i.ExpiresAt, i.PlatformId is null ? null : i.UsedAt, i.PlatformId, StatusOf(i, now));

    /// <summary>Whole milliseconds: what the database stores, so a claim's time compares equal to the stored one.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}
