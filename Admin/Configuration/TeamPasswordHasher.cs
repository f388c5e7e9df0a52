using Microsoft.AspNetCore.Identity;

namespace ChatWidget.Admin.Configuration;

/// <summary>Hashes and verifies the team password with ASP.NET Core Identity's PBKDF2 hasher.</summary>
public static class TeamPasswordHasher
{
    private static readonly PasswordHasher<TeamAccessSettings> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(TeamAccessSettings.Disabled, password);

    public static bool Verify(string passwordHash, string password) =>
        Hasher.VerifyHashedPassword(TeamAccessSettings.Disabled, passwordHash, password) != PasswordVerificationResult.Failed;
}
