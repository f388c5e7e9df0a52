using ChatWidget.Admin.Accounts;
using ChatWidget.Admin.Configuration;
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
          signing-key rotate        add a new access-token signing key: every instance accepts it within
                                    30 seconds and signs with it after 90 seconds; tokens signed with
                                    the previous key stay valid until they expire
          lti-key rotate            add a new LTI tool key: published at /lti/jwks at once, current
                                    after 90 seconds; the previous key stays published until then
          admin create --email EMAIL
                                    create an administrator; the password is read from standard
                                    input (not echoed on a terminal)
          database copy --to-postgres "CONNECTION"
                                    copy this SQLite installation (configuration, profile versions,
                                    audit log, administrators, Data Protection keys, Host's key ring)
                                    into an empty PostgreSQL database; prints what it copied
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["signing-key", "rotate"]:
                var rotated = await app.Services.GetRequiredService<HostKeyRing>().RotateAsync(CancellationToken.None);
                Console.WriteLine(
                    $"New signing key {rotated.KeyId}. Running instances accept it within {HostKeyRingRefresher.ReloadInterval.TotalSeconds:0} seconds " +
                    $"and sign access tokens with it from {rotated.SignsFrom:u}; tokens signed with the previous key stay valid until they expire.");
                return 0;
            case ["lti-key", "rotate"]:
                var tool = await app.Services.GetRequiredService<HostKeyRing>().RotateLtiAsync(CancellationToken.None);
                Console.WriteLine(
                    $"New LTI tool key {tool.KeyId}, published at /lti/jwks within {HostKeyRingRefresher.ReloadInterval.TotalSeconds:0} seconds " +
                    $"and current from {tool.SignsFrom:u}.");
                return 0;
            case ["admin", "create", "--email", var email]:
                return await AdminCreateCommand.RunAsync(app.Services, email, AdminCreateCommand.ReadPasswordFromConsole, Console.Out, Console.Error);
            case ["database", "copy", "--to-postgres", var target]:
                return await DatabaseCopyCommand.RunAsync(app.Services, target, app.Services.GetRequiredService<HostKeyRingFile>().Path,
                    Console.Out, Console.Error, CancellationToken.None);
            default:
                await Console.Error.WriteLineAsync($"Unknown command: {string.Join(' ', args)}\n{Usage}");
                return 2;
        }
    }
}
