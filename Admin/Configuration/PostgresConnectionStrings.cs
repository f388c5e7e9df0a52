using Npgsql;

namespace ChatWidget.Admin.Configuration;

/// <summary>Checks a PostgreSQL connection string without ever quoting it: it holds the password.</summary>
internal static class PostgresConnectionStrings
{
    /// <summary>What is wrong with <paramref name="connectionString"/>, as the end of a sentence naming it; null when nothing is.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host) ? "names no Host" : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return "is not a PostgreSQL connection string of the form Host=...;Database=...;Username=...;Password=...";
        }
    }

    /// <summary>Host, port, database and user: enough to spot a typo, and none of it secret.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {builder.Host}, port {builder.Port}, database {builder.Database ?? builder.Username}, user {builder.Username}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return "not a valid connection string";
        }
    }
}
