namespace ChatWidget.Admin.Configuration;

/// <summary>
/// A single-row stamp bumped by every configuration change, so any process can notice a change made
/// by another one with one cheap query instead of re-reading everything.
/// </summary>
public sealed class ConfigurationVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long Version { get; set; }
}
