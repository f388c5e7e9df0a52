using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Lti;

/// <summary>The random values of a launch (state, nonce, browser binder, launch code) and how they are compared.</summary>
internal static class LtiSecrets
{
    /// <summary>256 random bits, base64url: unguessable, and safe in a URL, a form field, a cookie and an HTML attribute.</summary>
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>What is stored instead of a secret that must be shown again later (the binder).</summary>
    public static string Hash(string value) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static bool Matches(string? value, string expectedHash) =>
        value is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(value)), Encoding.ASCII.GetBytes(expectedHash));
}
