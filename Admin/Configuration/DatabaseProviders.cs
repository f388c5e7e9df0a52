namespace ChatWidget.Admin.Configuration;

/// <summary>The values of <c>ChatWidget:Database:Provider</c>.</summary>
public static class DatabaseProviders
{
    /// <summary>The embedded default: one file in the data directory, one Host process.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>A PostgreSQL database shared by every Host instance (contract §7).</summary>
    public const string Postgres = "Postgres";
}
