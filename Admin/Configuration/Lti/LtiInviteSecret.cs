using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// The secret of a registration link: 256 random bits, base64url. The database keeps only its SHA-256, so neither the
/// table nor a backup of it can register a platform; the link itself is shown once, when it is created.
/// </summary>
public static class LtiInviteSecret
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored id of the invite a secret belongs to (<see cref="StoredLtiRegistrationInvite.Id"/>).</summary>
    public static string Hash(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// A secret this code could have made: 43 base64url characters. Anything else is refused before it is hashed or
    /// looked up, so a made-up query string costs Host nothing.
    /// </summary>
    public static bool LooksValid(string? secret) =>
        secret is { Length: 43 } && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
