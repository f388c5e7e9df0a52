using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Support;

/// <summary>A live configuration the test changes at will, as an administrator would in the dashboard.</summary>
public sealed class MutableConfiguration(ConfigurationSnapshot snapshot) : ILiveConfiguration
{
    public ConfigurationSnapshot Snapshot { get; private set; } = snapshot;

    public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Snapshot);

    public void Update(Func<ConfigurationSnapshot, ConfigurationSnapshot> change) => Snapshot = change(Snapshot) with { Version = Snapshot.Version + 1 };

    public void UpdatePlatform(string id, Func<PlatformSettings, PlatformSettings> change) => Update(s =>
    {
        var platforms = new Dictionary<string, PlatformSettings>(s.Platforms) { [id] = change(s.Platforms[id]) };
        return s with { Platforms = platforms };
    });
}
