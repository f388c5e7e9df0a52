using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatWidget.Admin.Configuration;

// The JSON shape of contract §6 plus the documented extensions. Property names mirror the JSON names so
// that validation messages can name fields exactly as the administrator wrote them. Everything is nullable:
// a missing field is reported by the validator with its path instead of failing deserialisation.

internal sealed class SeedFileDocument
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public List<SeedModel>? Models { get; set; }
    public List<SeedProfile>? Profiles { get; set; }
    public List<SeedPlatform>? Platforms { get; set; }
    public SeedTeam? Team { get; set; }
    public List<SeedKnowledgeBase>? KnowledgeBases { get; set; }
}

internal sealed class SeedModel
{
    public string? Id { get; set; }
    public string? Provider { get; set; }
    public string? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    public string? Model { get; set; }
    public int? ContextWindow { get; set; }
    public bool? Enabled { get; set; }
}

internal sealed class SeedProfile
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Instructions { get; set; }
    public string? Model { get; set; }
    public float? Temperature { get; set; }
    public int? MaxOutputTokens { get; set; }
    public string? Greeting { get; set; }
    public List<string?>? Starters { get; set; }
    public List<string?>? FallbackModels { get; set; }
    public SeedTheme? Theme { get; set; }
    public string? Locale { get; set; }
    public string? Disclaimer { get; set; }
    public SeedLimits? Limits { get; set; }

    /// <summary>The raw <c>knowledge</c> value: the contract's list of entries, or the object form; see <see cref="Knowledge"/>.</summary>
    [JsonPropertyName("knowledge")]
    public JsonElement? KnowledgeJson { get; set; }

    /// <summary><see cref="KnowledgeJson"/> as read by <see cref="SeedFileParser"/> (either form).</summary>
    [JsonIgnore]
    public SeedProfileKnowledge? Knowledge { get; set; }
}

/// <summary>
/// A profile's <c>knowledge</c>: the contract's array of entries (<see cref="IsList"/>), or
/// <c>{"entries", "bases", "maxTokens", "onlyFromSources", "embeddingModel"}</c>.
/// </summary>
internal sealed class SeedProfileKnowledge
{
    public List<SeedKnowledgeEntry>? Entries { get; set; }
    public List<string?>? Bases { get; set; }
    public int? MaxTokens { get; set; }
    public bool? OnlyFromSources { get; set; }
    public string? EmbeddingModel { get; set; }

    [JsonIgnore]
    public bool IsList { get; set; }
}

internal sealed class SeedKnowledgeBase
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Language { get; set; }
    public List<SeedKnowledgeDocument>? Documents { get; set; }
    public List<SeedKnowledgeEntry>? Entries { get; set; }
}

/// <summary>A document of a seeded knowledge base: a <see cref="File"/> relative to the seed file's directory, or inline <see cref="Text"/>.</summary>
internal sealed class SeedKnowledgeDocument
{
    public string? Title { get; set; }
    public string? Url { get; set; }
    public string? File { get; set; }
    public string? Text { get; set; }
}

internal sealed class SeedTheme
{
    public string? Accent { get; set; }
}

internal sealed class SeedLimits
{
    public int? MaxMessageChars { get; set; }
    public int? MaxMessages { get; set; }
    public int? MaxTotalChars { get; set; }
}

internal sealed class SeedKnowledgeEntry
{
    public string? Q { get; set; }
    public string? A { get; set; }
}

internal sealed class SeedPlatform
{
    public string? Id { get; set; }
    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    public List<string?>? Algorithms { get; set; }
    public string? PublicKeyPem { get; set; }
    public string? SharedSecret { get; set; }
    public List<SeedPlatformKey>? Keys { get; set; }
    public string? JwksUrl { get; set; }
    public List<string?>? AllowedOrigins { get; set; }
    public List<string?>? Profiles { get; set; }
    public string? DefaultProfile { get; set; }
    public int? MaxTokenLifetimeSeconds { get; set; }
    public bool? Enabled { get; set; }
    public SeedLti? Lti { get; set; }

    /// <summary>Top-level publicKeyPem / sharedSecret are each one key without kid, ahead of the keys list.</summary>
    public IEnumerable<(SeedPlatformKey Key, string Path)> AllKeys()
    {
        if (!string.IsNullOrEmpty(PublicKeyPem))
        {
            yield return (new SeedPlatformKey { PublicKeyPem = PublicKeyPem }, "publicKeyPem");
        }

        if (!string.IsNullOrEmpty(SharedSecret))
        {
            yield return (new SeedPlatformKey { SharedSecret = SharedSecret }, "sharedSecret");
        }

        for (var i = 0; i < (Keys?.Count ?? 0); i++)
        {
            if (Keys![i] is { } key)
            {
                yield return (key, $"keys[{i}]");
            }
        }
    }
}

internal sealed class SeedPlatformKey
{
    public string? Kid { get; set; }
    public string? PublicKeyPem { get; set; }
    public string? SharedSecret { get; set; }
}

internal sealed class SeedLti
{
    public string? ClientId { get; set; }
    public List<string?>? DeploymentIds { get; set; }
    public string? AuthorizationUrl { get; set; }

    /// <summary>LTI role (full URI or short name) → profile id, tried in the order written.</summary>
    public Dictionary<string, string?>? RoleProfiles { get; set; }
}

internal sealed class SeedTeam
{
    public bool? Enabled { get; set; }
    public string? Password { get; set; }
    public string? Profile { get; set; }
}
