namespace ChatWidget.Admin.Configuration;

/// <summary>Which database holds configuration; bound from <c>ChatWidget:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = ConfigurationStoreOptions.SectionName + ":Database";

    /// <summary>The name of the connection string (<c>ConnectionStrings:ChatWidget</c>) used with <see cref="DatabaseProviders.Postgres"/>.</summary>
    public const string ConnectionStringName = "ChatWidget";

    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;

    /// <summary><see cref="DatabaseProviders.Sqlite"/> (default) or <see cref="DatabaseProviders.Postgres"/>, in any letter case.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>
    /// Read from <see cref="ConnectionStringSetting"/>, where operators keep connection strings, rather than bound from
    /// this section; the setter is not public so that a <c>ChatWidget:Database:ConnectionString</c> is not silently used.
    /// It holds the password: never log it or put it in a message.
    /// </summary>
    public string? ConnectionString { get; internal set; }

    public bool UsesPostgres => string.Equals(Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase);
}
