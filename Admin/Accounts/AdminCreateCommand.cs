using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Accounts;

/// <summary>
/// <c>admin create --email EMAIL</c>: creates an administrator with a password read from standard input
/// (without echo on a terminal). There is no default password anywhere.
/// </summary>
public static class AdminCreateCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string email, Func<string?> readPassword, TextWriter output, TextWriter error)
    {
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            await error.WriteLineAsync("The --email value is not an email address.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await error.WriteLineAsync($"An administrator with the email {email} already exists; nothing was changed.");
            return 1;
        }

        var password = readPassword();
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("No password was given on standard input.");
            return 2;
        }

        var result = await AdminAccounts.CreateAsync(users, email, password);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors) await error.WriteLineAsync(problem.Description);
            return 1;
        }

        var db = scope.ServiceProvider.GetRequiredService<ChatWidget.Admin.Configuration.ConfigurationDbContext>();
        db.AuditLog.Add(new ChatWidget.Admin.Configuration.AuditEntry
        {
            At = DateTimeOffset.UtcNow, Actor = "cli", Action = "admin.create", TargetType = "admin", TargetId = email,
        });
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Administrator {email} created. Sign in at /admin.");
        return 0;
    }

    /// <summary>Reads one line from standard input; on a terminal it prompts and does not echo what is typed.</summary>
    public static string? ReadPasswordFromConsole()
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine();
        Console.Error.Write("Password (at least 12 characters, not echoed): ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (password.Length > 0) password.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
