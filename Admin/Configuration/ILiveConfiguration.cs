namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Host's read-only window on configuration. Implementations cache the snapshot in memory and
/// replace it as soon as configuration changes, so no change ever needs a restart.
/// </summary>
public interface ILiveConfiguration
{
    ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken);
}
