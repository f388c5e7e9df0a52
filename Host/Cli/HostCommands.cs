using ChatWidget.Admin.Accounts;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Cli;

/// <summary>
/// Operator commands run as <c>dotnet run --project Host -- COMMAND</c>: they use the same configuration and data
/// directory as the server, do their work, and exit without serving traffic.
/// </summary>
public static class HostCommands
{
    private const string Usage = """
        Commands:
          signing-key rotate        start signing access tokens with a new key; tokens signed with the
                                    previous key stay valid until they expire
          admin create --email EMAIL
                                    create an administrator; the password is read from standard
                                    input (not echoed on a terminal)
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["signing-key", "rotate"]:
                var ring = app.Services.GetRequiredService<HostKeyRing>();
                await ring.RotateAsync(CancellationToken.None);
                Console.WriteLine($"Access tokens are now signed with key {ring.CurrentKeyId}. Running instances pick it up within 30 seconds.");
                return 0;
            case ["admin", "create", "--email", var email]:
                return await AdminCreateCommand.RunAsync(app.Services, email, AdminCreateCommand.ReadPasswordFromConsole, Console.Out, Console.Error);
            default:
                await Console.Error.WriteLineAsync($"Unknown command: {string.Join(' ', args)}\n{Usage}");
                return 2;
        }
    }
}
