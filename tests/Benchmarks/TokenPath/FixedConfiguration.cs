using ChatWidget.Admin.Configuration;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>Host's live configuration without the database: the token path only ever reads the cached snapshot.</summary>
public sealed class FixedConfiguration(ConfigurationSnapshot snapshot) : ILiveConfiguration
{
    public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(snapshot);
}
