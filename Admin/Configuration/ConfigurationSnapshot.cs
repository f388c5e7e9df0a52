namespace ChatWidget.Admin.Configuration;

/// <summary>
/// An immutable view of all live configuration, as Host serves traffic from it.
/// Secrets are already decrypted here: a snapshot lives only in memory and is never serialised or logged.
/// </summary>
public sealed record ConfigurationSnapshot(
    IReadOnlyDictionary<string, ModelSettings> Models,
    IReadOnlyDictionary<string, ProfileSettings> Profiles,
    IReadOnlyDictionary<string, PlatformSettings> Platforms,
    TeamAccessSettings Team,
    long Version)
{
    /// <summary>
    /// The published knowledge bases: id → published revision number. A change of revision is a new snapshot, so caches
    /// keyed by revision (embeddings of a base's chunks) know when to refresh.
    /// </summary>
    public IReadOnlyDictionary<string, int> KnowledgeRevisions { get; init; } = new Dictionary<string, int>();

    public static ConfigurationSnapshot Empty { get; } = new(
        new Dictionary<string, ModelSettings>(),
        new Dictionary<string, ProfileSettings>(),
        new Dictionary<string, PlatformSettings>(),
        TeamAccessSettings.Disabled,
        0);
}
