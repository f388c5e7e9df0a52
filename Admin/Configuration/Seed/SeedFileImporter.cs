using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Applies a seed file (contract §6): upsert by id, nothing deleted, all or nothing. Importing the same
/// file twice writes nothing, so neither the configuration version nor any generation moves.
/// </summary>
public sealed partial class SeedFileImporter(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    ConfigurationSecretProtector secrets,
    ILogger<SeedFileImporter> logger)
{
    /// <summary>Who the dashboard names as the author of versions written by the seed file.</summary>
    public const string SeedActor = "seed file";

    private const int DefaultContextWindow = 8192;
    private const int DefaultMaxOutputTokens = 512;
    private const float DefaultTemperature = 0.3f;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt field (sharedSecrett) would otherwise be ignored silently and the platform left without a key.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads, validates and applies the file. Returns whether anything changed.</summary>
    /// <exception cref="InvalidSeedFileException">The file is not valid; nothing was written.</exception>
    public async Task<bool> ImportAsync(string path, CancellationToken cancellationToken)
    {
        SeedFileDocument document;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            document = await ParseAsync(stream, path, cancellationToken);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var models = await db.Models.ToDictionaryAsync(m => m.Id, StringComparer.Ordinal, cancellationToken);
        var profiles = await db.Profiles.Include(p => p.Knowledge).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var platforms = await db.Platforms.Include(p => p.Keys).Include(p => p.LtiRoleProfiles).AsSplitQuery().ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var team = await db.TeamAccess.SingleOrDefaultAsync(cancellationToken);

        var ltiClients = platforms.Values.Where(p => p.LtiClientId is not null).ToDictionary(p => (p.Issuer, p.LtiClientId!), p => p.Id);
        var existing = new ExistingConfiguration(models.Keys.ToHashSet(), profiles.Keys.ToHashSet(), team?.PasswordHash is not null, ltiClients);
        var errors = new SeedFileValidator(existing).Check(document);
        if (errors.Count > 0)
        {
            throw new InvalidSeedFileException(path, errors);
        }

        foreach (var model in document.Models ?? [])
        {
            ApplyModel(db, models, model);
        }

        var versionNumbers = await db.ProfileVersions
            .GroupBy(v => v.ProfileId)
            .Select(g => new { ProfileId = g.Key, Number = g.Max(v => v.Number) })
            .ToDictionaryAsync(v => v.ProfileId, v => v.Number, StringComparer.Ordinal, cancellationToken);
        foreach (var profile in document.Profiles ?? [])
        {
            var before = profiles.TryGetValue(profile.Id!, out var existingProfile) ? ProfileDocument.From(existingProfile) : null;
            ApplyProfile(db, profiles, profile);
            var after = ProfileDocument.From(profiles[profile.Id!]);
            if (before is null || !before.SameAs(after))
            {
                // The seed file publishes: its change is kept as a version like an administrator's publish.
                var number = versionNumbers.GetValueOrDefault(profile.Id!) + 1;
                versionNumbers[profile.Id!] = number;
                db.ProfileVersions.Add(new StoredProfileVersion
                {
                    ProfileId = profile.Id!, Number = number, Json = after.ToJson(), PublishedBy = SeedActor, PublishedAt = DateTimeOffset.UtcNow,
                });
                db.AuditLog.Add(new AuditEntry
                {
                    At = DateTimeOffset.UtcNow, Actor = SeedActor, Action = "profile.publish", TargetType = "profile", TargetId = profile.Id!,
                    Before = before?.ToJson(), After = after.ToJson(),
                });
            }
        }

        foreach (var platform in document.Platforms ?? [])
        {
            ApplyPlatform(db, platforms, platform);
        }

        if (document.Team is not null)
        {
            ApplyTeam(db, team, document.Team);
        }

        var changed = db.ChangeTracker.HasChanges();
        if (changed)
        {
            RecordChangedRows(db, path);
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation(
            "Seed file {SeedFile} applied ({Models} models, {Profiles} profiles, {Platforms} platforms): {Outcome}",
            path, document.Models?.Count ?? 0, document.Profiles?.Count ?? 0, document.Platforms?.Count ?? 0,
            changed ? "configuration updated" : "already up to date");
        return changed;
    }

    /// <summary>One audit entry naming the rows the file changed (ids only: a seed file holds secrets).</summary>
    private static void RecordChangedRows(ConfigurationDbContext db, string path)
    {
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        string[] Ids<T>(Func<T, string> id) => entries.Select(e => e.Entity).OfType<T>().Select(id).Distinct().Order().ToArray();
        var models = Ids<StoredModel>(m => m.Id);
        var platforms = Ids<StoredPlatform>(p => p.Id).Union(Ids<StoredPlatformKey>(k => k.PlatformId)).Order().ToArray();
        var team = entries.Any(e => e.Entity is StoredTeamAccess);
        if (models.Length == 0 && platforms.Length == 0 && !team) return;
        AuditTrail.Record(db, SeedActor, "seed.apply", "seed", Path.GetFileName(path), null, new { models, platforms, team });
    }

    internal static async Task<SeedFileDocument> ParseAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<SeedFileDocument>(stream, JsonOptions, cancellationToken)
                ?? throw new InvalidSeedFileException(path, ["(root): must be a JSON object with models, profiles, platforms and team"]);
        }
        catch (JsonException e)
        {
            throw new InvalidSeedFileException(path, [DescribeJsonError(e)]);
        }
    }

    /// <summary>
    /// Builds the message from the position and path only: the serializer's own message can quote part of the
    /// offending value, which may be a secret.
    /// </summary>
    private static string DescribeJsonError(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(root)" : e.Path.TrimStart('$', '.');
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
        var unknown = UnmappedProperty().Match(e.Message);
        if (unknown.Success)
        {
            // The path already ends with the unknown property's name.
            return $"{field}: is not a known field{where}";
        }

        return e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"{field}: has the wrong type{where}"
            : $"{field}: is not valid JSON{where}";
    }

    [GeneratedRegex("The JSON property '([^']{1,100})' could not be mapped")]
    private static partial Regex UnmappedProperty();

    private void ApplyModel(ConfigurationDbContext db, Dictionary<string, StoredModel> models, SeedModel seed)
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

    private static void ApplyProfile(ConfigurationDbContext db, Dictionary<string, StoredProfile> profiles, SeedProfile seed)
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

        var knowledge = (seed.Knowledge ?? []).Select(k => (k.Q!, k.A!)).ToList();
        var current = profile.Knowledge.OrderBy(k => k.Position).Select(k => (k.Question, k.Answer)).ToList();
        if (!current.SequenceEqual(knowledge))
        {
            db.KnowledgeEntries.RemoveRange(profile.Knowledge);
            profile.Knowledge = knowledge
                .Select((k, i) => new StoredKnowledgeEntry { ProfileId = profile.Id, Position = i, Question = k.Item1, Answer = k.Item2 })
                .ToList();
        }
    }

    private void ApplyPlatform(ConfigurationDbContext db, Dictionary<string, StoredPlatform> platforms, SeedPlatform seed)
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

        ApplyLti(db, platform, seed.Lti);

        // Access tokens carry the generation: bumping it ends sessions launched with old keys or while enabled.
        if (!isNew && (keysChanged || (wasEnabled && !platform.Enabled)))
        {
            platform.Generation++;
        }
    }

    private static void ApplyLti(ConfigurationDbContext db, StoredPlatform platform, SeedLti? seed)
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

    private static void ApplyTeam(ConfigurationDbContext db, StoredTeamAccess? team, SeedTeam seed)
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
