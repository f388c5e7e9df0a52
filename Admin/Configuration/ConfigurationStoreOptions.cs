namespace ChatWidget.Admin.Configuration;

/// <summary>Where configuration lives and how it is loaded; bound from the <c>ChatWidget</c> section.</summary>
public sealed class ConfigurationStoreOptions
{
    public const string SectionName = "ChatWidget";

    /// <summary>
    /// Holds <c>chatwidget.db</c>, the Data Protection keys and Host's key ring (with SQLite), and the demo platform's private key.
    /// A relative path is resolved against the content root, so the default works from any working directory.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Optional JSON file applied at start-up (configuration as code, contract §6).</summary>
    public string? SeedFile { get; set; }

    /// <summary>
    /// How often, at most, the database's version stamp is checked, so that changes written by another
    /// process (a second instance, the CLI) reach this one without a restart.
    /// </summary>
    public int ConfigurationRefreshSeconds { get; set; } = 5;

    /// <summary>SQLite in the data directory (default) or a shared PostgreSQL database.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The embedded demo, created when the database is empty and no seed file is configured.</summary>
    public DemoOptions Demo { get; set; } = new();

    public const string DatabaseFileName = "chatwidget.db";

    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);

    public string KeysDirectory => Path.Combine(DataDirectory, "keys");
}
