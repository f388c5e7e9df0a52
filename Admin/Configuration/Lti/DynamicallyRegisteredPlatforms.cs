using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Writes the platform a dynamic registration created: disabled, with no profiles, until an administrator enables it
/// and chooses its profiles. The platform row, the invite's "used" mark and the audit entry commit together or not at all.
/// </summary>
public sealed class DynamicallyRegisteredPlatforms(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    IEnumerable<IConfigurationChangeNotifier> notifiers)
{
    /// <summary>Attempts when another registration takes the chosen id at the same moment.</summary>
    private const int Attempts = 3;

    /// <summary>The audit actor: the registration itself, on behalf of whoever created its link.</summary>
    public static string ActorFor(LtiInviteClaim claim) => $"lti-dynamic-registration (invite created by {claim.CreatedBy})";

    public async Task<StoredDynamicRegistration> StoreAsync(LtiInviteClaim claim, DynamicPlatformRegistration registration,
        CancellationToken cancellationToken)
    {
        var algorithms = DynamicRegistrationRules.AlgorithmsFor(registration.IdTokenAlgorithms);
        if (algorithms.Count == 0) return new(LtiRegistrationCompletion.NoVerifiableAlgorithm);
        var issuer = new Uri(registration.Issuer, UriKind.Absolute);
        var baseId = DynamicRegistrationRules.BasePlatformIdFor(issuer);

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Platforms.AnyAsync(p => p.Issuer == registration.Issuer && p.LtiClientId == registration.ClientId, cancellationToken))
                return new(LtiRegistrationCompletion.AlreadyRegistered);

            var taken = await db.Platforms.Where(p => p.Id == baseId || p.Id.StartsWith(baseId + "-")).Select(p => p.Id)
                .ToListAsync(cancellationToken);
            var id = DynamicRegistrationRules.FreePlatformId(baseId, taken.ToHashSet(StringComparer.Ordinal));

            // Only the registration that holds the claim can mark the invite used; a revoked or re-claimed invite stores nothing.
            var marked = await db.LtiRegistrationInvites
                .Where(i => i.Id == claim.InviteId && i.PlatformId == null && i.UsedAt == claim.ClaimedAt)
                .ExecuteUpdateAsync(update => update.SetProperty(i => i.PlatformId, id), cancellationToken);
            if (marked != 1) return new(LtiRegistrationCompletion.InviteLost);

            var platform = new StoredPlatform
            {
                Id = id,
                Issuer = registration.Issuer,
                Algorithms = [.. algorithms],
                JwksUrl = registration.JwksUrl.AbsoluteUri,
                AllowedOrigins = [DynamicRegistrationRules.OriginOf(issuer)],
                Profiles = [],
                DefaultProfile = "",
                MaxLaunchTokenLifetimeSeconds = DynamicRegistrationRules.MaxLaunchTokenLifetimeFor(registration.ProductFamilyCode),
                Enabled = false,
                LtiClientId = registration.ClientId,
                LtiAuthorizationUrl = registration.AuthorizationUrl.AbsoluteUri,
                LtiDeploymentIds = registration.DeploymentId is null ? [] : [registration.DeploymentId],
            };
            db.Platforms.Add(platform);
            AuditTrail.Record(db, ActorFor(claim), "platform.create", "platform", id, after: AuditView(platform, registration, claim));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another registration of the same host took this id between the read and the insert: pick again.
                continue;
            }

            // The context told the live configuration before this commit; tell it again now that the row is visible.
            foreach (var notifier in notifiers) notifier.NotifyChanged();
            return new(LtiRegistrationCompletion.Stored, id);
        }
    }

    private static object AuditView(StoredPlatform p, DynamicPlatformRegistration registration, LtiInviteClaim claim) => new
    {
        p.Issuer, Algorithms = p.Algorithms.ToArray(), p.JwksUrl, AllowedOrigins = p.AllowedOrigins.ToArray(),
        Profiles = p.Profiles.ToArray(), p.DefaultProfile, p.MaxLaunchTokenLifetimeSeconds, p.Enabled,
        Lti = new { ClientId = p.LtiClientId, DeploymentIds = p.LtiDeploymentIds.ToArray(), AuthorizationUrl = p.LtiAuthorizationUrl },
        registration.ProductFamilyCode,
        Invite = claim.InviteId,
    };
}
