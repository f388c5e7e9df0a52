using System.Security.Cryptography;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Writes a validated seed file's entries onto the tracked rows, changing only what differs, so that importing the same
/// file again leaves EF with nothing to save (no version bump, no generation bump).
/// </summary>
internal sealed class SeedRowWriter(ConfigurationDbContext db, ConfigurationSecretProtector secrets)
{
    private const int DefaultContextWindow = 8192;
    private const int DefaultMaxOutputTokens = 512;
    private const float DefaultTemperature = 0.3f;

    public void ApplyModel(Dictionary<string, StoredModel> models, SeedModel seed)
    {
        var provider = seed.Provider!;
        if (!models.TryGetValue(seed.Id!, out var model))
        {
            model = new StoredModel { Id = seed.Id!, Provider = provider, ModelName = "" };
            db.Models.Add(model);
            models.Add(model.Id, model);
        }

        model.Provider = provider;
        model.BaseUrl = string.IsNullOrEmpty(seed.BaseUrl) ? null : seed.BaseUrl;
        model.ModelName = string.IsNullOrEmpty(seed.Model) ? ModelProviders.Offline : seed.Model;
        model.ContextWindow = seed.ContextWindow ?? DefaultContextWindow;
        model.Enabled = seed.Enabled ?? true;
        model.FromSeed = true;

        var apiKey = string.IsNullOrEmpty(seed.ApiKey) ? null : seed.ApiKey;
        // Ciphertext differs on every Protect call, so compare plaintexts to keep a re-import a no-op.
        if (TryUnprotect(model.ProtectedApiKey) != apiKey)
        {
            model.ProtectedApiKey = secrets.Protect(apiKey);
        }
    }

    public void ApplyProfile(Dictionary<string, StoredProfile> profiles, SeedProfile seed)
    {
        if (!profiles.TryGetValue(seed.Id!, out var profile))
        {
            profile = new StoredProfile { Id = seed.Id!, Title = seed.Title!, ModelId = seed.Model! };
            db.Profiles.Add(profile);
            profiles.Add(profile.Id, profile);
        }

        profile.Title = seed.Title!;
        profile.Instructions = seed.Instructions ?? "";
        profile.ModelId = seed.Model!;
        profile.Temperature = seed.Temperature ?? DefaultTemperature;
        profile.MaxOutputTokens = seed.MaxOutputTokens ?? DefaultMaxOutputTokens;
        profile.Greeting = seed.Greeting;
        profile.Starters = SameOrNew(profile.Starters, (seed.Starters ?? []).Select(s => s!));
        profile.FallbackModels = SameOrNew(profile.FallbackModels, (seed.FallbackModels ?? []).Select(s => s!));
        profile.ThemeAccent = seed.Theme?.Accent ?? ProfileTheme.Default.Accent;
        profile.Locale = seed.Locale;
        profile.Disclaimer = seed.Disclaimer;
        profile.MaxMessageChars = seed.Limits?.MaxMessageChars ?? InputLimits.Default.MaxMessageChars;
        profile.MaxMessages = seed.Limits?.MaxMessages ?? InputLimits.Default.MaxMessages;
        profile.MaxTotalChars = seed.Limits?.MaxTotalChars ?? InputLimits.Default.MaxTotalChars;
        profile.FromSeed = true;

        var grounding = seed.Knowledge is { IsList: false } ? seed.Knowledge : null;
        profile.KnowledgeBaseIds = SameOrNew(profile.KnowledgeBaseIds, (grounding?.Bases ?? []).Select(b => b!).Distinct(StringComparer.Ordinal));
        profile.KnowledgeMaxTokens = grounding?.MaxTokens ?? GroundingSettings.DefaultMaxTokens;
        profile.OnlyFromSources = grounding?.OnlyFromSources ?? false;
        profile.EmbeddingModelId = string.IsNullOrEmpty(grounding?.EmbeddingModel) ? null : grounding.EmbeddingModel;

        var knowledge = (seed.Knowledge?.Entries ?? []).Select(k => (k.Q!, k.A!)).ToList();
        var current = profile.Knowledge.OrderBy(k => k.Position).Select(k => (k.Question, k.Answer)).ToList();
        if (!current.SequenceEqual(knowledge))
        {
            db.KnowledgeEntries.RemoveRange(profile.Knowledge);
            profile.Knowledge = knowledge
                .Select((k, i) => new StoredKnowledgeEntry { ProfileId = profile.Id, Position = i, Question = k.Item1, Answer = k.Item2 })
                .ToList();
        }
    }

    public void ApplyPlatform(Dictionary<string, StoredPlatform> platforms, SeedPlatform seed)
    {
        var isNew = !platforms.TryGetValue(seed.Id!, out var platform);
        if (platform is null)
        {
            platform = new StoredPlatform { Id = seed.Id!, Issuer = seed.Issuer!, DefaultProfile = "" };
            db.Platforms.Add(platform);
            platforms.Add(platform.Id, platform);
        }

        var wasEnabled = platform.Enabled;
        var profileIds = (seed.Profiles ?? []).Select(p => p!).Distinct(StringComparer.Ordinal).ToList();
        platform.Issuer = seed.Issuer!;
        platform.Audience = seed.Audience ?? PlatformSettings.DefaultAudience;
        platform.Algorithms = SameOrNew(platform.Algorithms, (seed.Algorithms ?? []).Select(a => a!).Distinct(StringComparer.Ordinal));
        platform.AllowedOrigins = SameOrNew(platform.AllowedOrigins, (seed.AllowedOrigins ?? [])
            .Select(o => OriginRules.TryNormalize(o, out var origin) ? origin : o!)
            .Distinct(StringComparer.Ordinal));
        platform.Profiles = SameOrNew(platform.Profiles, profileIds);
        platform.DefaultProfile = string.IsNullOrEmpty(seed.DefaultProfile) ? profileIds[0] : seed.DefaultProfile;
        platform.MaxLaunchTokenLifetimeSeconds = seed.MaxTokenLifetimeSeconds ?? PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds;
        platform.Enabled = seed.Enabled ?? true;
        platform.FromSeed = true;

        var jwksUrl = string.IsNullOrEmpty(seed.JwksUrl) ? null : seed.JwksUrl;
        var keysChanged = platform.JwksUrl != jwksUrl;
        platform.JwksUrl = jwksUrl;

        var keys = seed.AllKeys().Select(k => (k.Key.Kid, Pem: NullIfEmpty(k.Key.PublicKeyPem?.Trim()), Secret: NullIfEmpty(k.Key.SharedSecret))).ToList();
        var current = platform.Keys.OrderBy(k => k.Position)
            .Select(k => (k.Kid, Pem: k.PublicKeyPem, Secret: TryUnprotect(k.ProtectedSharedSecret)))
            .ToList();
        if (!current.SequenceEqual(keys))
        {
            keysChanged = true;
            db.PlatformKeys.RemoveRange(platform.Keys);
            platform.Keys = keys.Select((k, i) => new StoredPlatformKey
            {
                PlatformId = platform.Id,
                Position = i,
                Kid = k.Kid,
                PublicKeyPem = k.Pem,
                ProtectedSharedSecret = secrets.Protect(k.Secret),
            }).ToList();
        }

        ApplyLti(platform, seed.Lti);

        // Access tokens carry the generation: bumping it ends sessions launched with old keys or while enabled.
        if (!isNew && (keysChanged || (wasEnabled && !platform.Enabled)))
        {
            platform.Generation++;
        }
    }

    private void ApplyLti(StoredPlatform platform, SeedLti? seed)
    {
        platform.LtiClientId = seed?.ClientId;
        platform.LtiAuthorizationUrl = seed?.AuthorizationUrl;
        platform.LtiDeploymentIds = SameOrNew(platform.LtiDeploymentIds, (seed?.DeploymentIds ?? []).Select(d => d!).Distinct(StringComparer.Ordinal));
        var roles = (seed?.RoleProfiles ?? []).Select(r => (r.Key, r.Value!)).ToList();
        if (platform.LtiRoleProfiles.OrderBy(r => r.Position).Select(r => (r.Role, r.ProfileId)).SequenceEqual(roles)) return;
        db.LtiRoleProfiles.RemoveRange(platform.LtiRoleProfiles);
        platform.LtiRoleProfiles = roles
            .Select((r, i) => new StoredLtiRoleProfile { PlatformId = platform.Id, Position = i, Role = r.Item1, ProfileId = r.Item2 })
            .ToList();
    }

    public void ApplyTeam(StoredTeamAccess? team, SeedTeam seed)
    {
        if (team is null)
        {
            team = new StoredTeamAccess();
            db.TeamAccess.Add(team);
        }

        var wasEnabled = team.Enabled;
        var rotated = false;
        // The hash is salted, so only verifying tells whether the seed's password is the stored one.
        if (!string.IsNullOrEmpty(seed.Password)
            && (team.PasswordHash is null || !TeamPasswordHasher.Verify(team.PasswordHash, seed.Password)))
        {
            rotated = team.PasswordHash is not null;
            team.PasswordHash = TeamPasswordHasher.Hash(seed.Password);
        }

        team.Enabled = seed.Enabled ?? true;
        if (seed.Profile is not null)
        {
            team.ProfileId = seed.Profile;
        }

        if (rotated || (wasEnabled && !team.Enabled))
        {
            team.Generation++;
        }
    }

    private string? TryUnprotect(string? ciphertext)
    {
        try
        {
            return secrets.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            // Unreadable ciphertext (lost key ring) counts as "different", so the seed's value replaces it.
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Keeps the tracked list when the content is equal, so EF sees no change.</summary>
    private static List<string> SameOrNew(List<string> current, IEnumerable<string> desired)
    {
        var list = desired.ToList();
        return current.SequenceEqual(list, StringComparer.Ordinal) ? current : list;
    }
}
