using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Turns a platform's learner id (<c>sub</c>) into a keyed hash. The hash lets rate limits and budgets recognise
/// a learner across sessions without Host ever keeping the id itself; without the key it cannot be reversed
/// or matched against a list of known ids.
/// </summary>
public sealed class LearnerHasher(HostKeyRing keyRing)
{
    public string Hash(string platformId, string subject) => Keyed($"{platformId}\n{subject}");

    /// <summary>A client address as shared rate limits key it: keyed like a learner id, so Redis never holds an address.</summary>
    public string HashClientAddress(string address) => Keyed($"address\n{address}");

    private string Keyed(string text)
    {
        var mac = HMACSHA256.HashData(keyRing.LearnerHashKey, Encoding.UTF8.GetBytes(text));
        return Base64UrlEncoder.Encode(mac.AsSpan(0, 16).ToArray());
    }
}
