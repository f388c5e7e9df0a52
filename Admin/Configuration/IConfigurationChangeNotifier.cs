namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Tells this process's live configuration that the database changed, so the next read reloads at once
/// instead of waiting for the periodic version check. <see cref="ConfigurationDbContext"/> calls it after
/// every configuration save; writers that commit their own transaction call it again after the commit.
/// </summary>
public interface IConfigurationChangeNotifier
{
    void NotifyChanged();
}
