using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Postgres;

/// <summary>Host instances sharing one real PostgreSQL database, each with a data directory and a clock of its own.</summary>
internal static class PostgresHosts
{
    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["ChatWidget:Database:Provider"] = DatabaseProviders.Postgres,
        ["ConnectionStrings:ChatWidget"] = connectionString,
    };

    public static HostFactory Start(TestPlatforms platforms, string connectionString)
    {
        var host = new HostFactory(platforms.Snapshot(), settings: Settings(connectionString));
        _ = host.Server; // starts it: migrations, Data Protection key and key ring are in place before the test goes on
        return host;
    }
}
