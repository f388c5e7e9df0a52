using System.Net.Sockets;
using Npgsql;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// The PostgreSQL database of <c>ConnectionStrings:ChatWidget</c> cannot be reached or used at start-up. The message is one
/// line for the operator: it names the setting, where it points and why it failed, never the password; Host prints it
/// and exits with code 1 instead of a stack trace.
/// </summary>
public sealed class ConfigurationDatabaseUnavailableException : Exception
{
    public ConfigurationDatabaseUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <param name="setting">Where the connection string came from, e.g. <c>ConnectionStrings:ChatWidget</c>.</param>
    internal static ConfigurationDatabaseUnavailableException From(string setting, string connectionString, Exception cause) =>
        new($"Cannot use the PostgreSQL database named by {setting} ({PostgresConnectionStrings.Describe(connectionString)}): {Reason(cause)}. " +
            "Check that PostgreSQL is running and reachable and that the connection string is right.", cause);

    private static string Reason(Exception cause)
    {
        // EF wraps a failed save in DbUpdateException: the reason is the driver's exception inside.
        var reason = cause switch
        {
            _ when Find<PostgresException>(cause) is { } server => $"{server.MessageText} (SQLSTATE {server.SqlState})",
            _ when Find<SocketException>(cause) is { } socket => socket.Message,
            _ when Find<TimeoutException>(cause) is not null => "no answer within the connection timeout",
            _ => (Find<NpgsqlException>(cause) ?? cause).Message,
        };
        // One line, whatever the driver wrote.
        return string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T match) return match;
        }

        return null;
    }
}
