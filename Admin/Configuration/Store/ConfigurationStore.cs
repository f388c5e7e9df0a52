using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Admin.Configuration;

/// <summary>Reads the database into an immutable <see cref="ConfigurationSnapshot"/>, decrypting secrets on the way.</summary>
public sealed class ConfigurationStore(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    ConfigurationSecretProtector secrets,
    ILogger<ConfigurationStore> logger)
{
    public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ReadVersionAsync(db, cancellationToken);
    }

    public async Task<ConfigurationSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // One read transaction, so the rows and the version stamp describe the same moment. SQLite's transactions are
        // serializable; PostgreSQL's default (read committed) would let each query see a different commit.
        await using var transaction = db.Database.IsNpgsql()
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
            : await db.Database.BeginTransactionAsync(cancellationToken);

        var version = await ReadVersionAsync(db, cancellationToken);
        var models = await db.Models.AsNoTracking().ToListAsync(cancellationToken);
        var profiles = await db.Profiles.AsNoTracking().Include(p => p.Knowledge).ToListAsync(cancellationToken);
        var platforms = await db.Platforms.AsNoTracking().Include(p => p.Keys).Include(p => p.LtiRoleProfiles).AsSplitQuery()
            .ToListAsync(cancellationToken);
        var team = await db.TeamAccess.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var knowledgeRevisions = await db.KnowledgeBases.AsNoTracking().Where(k => k.PublishedRevision != null)
            .ToDictionaryAsync(k => k.Id, k => k.PublishedRevision!.Value, StringComparer.Ordinal, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ConfigurationSnapshot(
            models.ToDictionary(m => m.Id, ToSettings, StringComparer.Ordinal),
            profiles.ToDictionary(p => p.Id, p => ToSettings(p, knowledgeRevisions), StringComparer.Ordinal),
            platforms.ToDictionary(p => p.Id, ToSettings, StringComparer.Ordinal),
            team is null ? TeamAccessSettings.Disabled : new TeamAccessSettings(team.Enabled, team.PasswordHash, team.ProfileId, team.Generation),
            version)
        {
            KnowledgeRevisions = knowledgeRevisions,
        };
    }

    internal static async Task<long> ReadVersionAsync(ConfigurationDbContext db, CancellationToken cancellationToken) =>
        await db.Versions.AsNoTracking()
            .Where(v => v.Id == ConfigurationVersion.SingletonId)
            .Select(v => (long?)v.Version)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;

    /// <summary>
    /// A secret that cannot be decrypted (the Data Protection keys were lost or replaced) becomes null: that one
    /// model or key then fails closed, instead of one bad row taking all configuration down.
    /// </summary>
    private string? Decrypt(string? ciphertext, string owner, string ownerId)
    {
        try
        {
            return secrets.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            logger.LogError("The secret of {Owner} {OwnerId} cannot be decrypted; were the Data Protection keys (DataDirectory/keys, or the DataProtectionKeys table with PostgreSQL) lost or replaced? Re-enter it.", owner, ownerId);
            return null;
        }
    }

    private ModelSettings ToSettings(StoredModel model) => new(
        model.Id,
        model.Provider,
        model.BaseUrl is null ? null : new Uri(model.BaseUrl, UriKind.Absolute),
        Decrypt(model.ProtectedApiKey, "model", model.Id),
        model.ModelName,
        model.ContextWindow,
        model.Enabled);

    /// <summary>Only published knowledge bases count: a profile naming one not yet published (or deleted) searches the others.</summary>
    private static ProfileSettings ToSettings(StoredProfile profile, IReadOnlyDictionary<string, int> knowledgeRevisions) => new(
        profile.Id,
        profile.Title,
        profile.Instructions,
        profile.ModelId,
        profile.Temperature,
        profile.MaxOutputTokens,
        profile.Greeting,
        profile.Starters.ToArray(),
        new ProfileTheme(profile.ThemeAccent),
        profile.Locale,
        profile.Disclaimer,
        new InputLimits(profile.MaxMessageChars, profile.MaxMessages, profile.MaxTotalChars),
        profile.Knowledge.OrderBy(k => k.Position).Select(k => new KnowledgeEntry(k.Question, k.Answer)).ToArray())
    {
        FallbackModels = profile.FallbackModels.ToArray(),
        Grounding = new GroundingSettings(
            profile.KnowledgeBaseIds.Where(knowledgeRevisions.ContainsKey).ToArray(),
            profile.KnowledgeMaxTokens,
            profile.OnlyFromSources,
            profile.EmbeddingModelId),
    };

    private PlatformSettings ToSettings(StoredPlatform platform) => new(
        platform.Id,
        platform.Issuer,
        platform.Audience,
        platform.Algorithms.ToArray(),
        platform.Keys.OrderBy(k => k.Position)
            .Select(k => new PlatformKey(k.Kid, k.PublicKeyPem, Decrypt(k.ProtectedSharedSecret, "platform", platform.Id)))
            .ToArray(),
        platform.JwksUrl is null ? null : new Uri(platform.JwksUrl, UriKind.Absolute),
        platform.AllowedOrigins.ToArray(),
        platform.Profiles.ToArray(),
        platform.DefaultProfile,
        platform.MaxLaunchTokenLifetimeSeconds,
        platform.Enabled,
        platform.Generation)
    {
        Lti = platform.LtiClientId is null || platform.LtiAuthorizationUrl is null
            ? null
            : new LtiRegistration(platform.LtiClientId, platform.LtiDeploymentIds.ToArray(),
                new Uri(platform.LtiAuthorizationUrl, UriKind.Absolute),
                platform.LtiRoleProfiles.OrderBy(r => r.Position).Select(r => new LtiRoleProfile(r.Role, r.ProfileId)).ToArray()),
    };
}
