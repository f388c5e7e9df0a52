using System.Runtime.CompilerServices;
using System.Text;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The keys that may verify a launch token of one platform: its registered PEM keys and shared secrets, or the
/// keys of its registered JWKS URL. Keys of one platform are never offered for another's tokens.
/// </summary>
public sealed class PlatformKeyResolver(JwksKeySource jwks)
{
    // Parsed once per platform registration; a configuration change brings new PlatformSettings instances
    // and the old entries are collected with them.
    private readonly ConditionalWeakTable<PlatformSettings, IReadOnlyList<PlatformVerificationKey>> _registered = new();

    /// <summary>Whether a token must name its key: with a JWKS URL, or with more than one active key (contract §2).</summary>
    public static bool RequiresKeyId(PlatformSettings platform, IReadOnlyList<PlatformVerificationKey> registered) =>
        platform.JwksUrl is not null || registered.Count > 1;

    public IReadOnlyList<PlatformVerificationKey> RegisteredKeys(PlatformSettings platform) =>
        _registered.GetValue(platform, p => p.Keys.Select(ToVerificationKey).OfType<PlatformVerificationKey>().ToList());

    public async Task<IReadOnlyList<PlatformVerificationKey>> CandidatesAsync(PlatformSettings platform, string algorithm, string? kid,
        CancellationToken cancellationToken)
    {
        IEnumerable<PlatformVerificationKey> keys = RegisteredKeys(platform);
        if (platform.JwksUrl is not null)
            keys = keys.Concat(await jwks.GetKeysAsync(platform.JwksUrl, kid, cancellationToken));

        return keys.Where(k => k.Algorithm == algorithm && (kid is null || k.Kid == kid)).ToList();
    }

    private static PlatformVerificationKey? ToVerificationKey(PlatformKey key)
    {
        if (!string.IsNullOrEmpty(key.SharedSecret))
            return PlatformVerificationKey.FromSharedSecret(key.Kid, Encoding.UTF8.GetBytes(key.SharedSecret));
        return string.IsNullOrEmpty(key.PublicKeyPem) ? null : PlatformVerificationKey.FromPem(key.Kid, key.PublicKeyPem);
    }
}
