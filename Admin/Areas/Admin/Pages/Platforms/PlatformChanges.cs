using System.Security.Cryptography;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>Rules shared by the platform pages: what the audit log may show, and whether the keys cover the algorithms.</summary>
internal static class PlatformChanges
{
    /// <summary>Every non-secret field; keys appear only as their kid and kind.</summary>
    public static object AuditView(StoredPlatform p) => new
    {
        p.Issuer, p.Audience, Algorithms = p.Algorithms.ToArray(), p.JwksUrl, AllowedOrigins = p.AllowedOrigins.ToArray(),
        Profiles = p.Profiles.ToArray(), p.DefaultProfile, p.MaxLaunchTokenLifetimeSeconds, p.Enabled, p.Generation,
        Keys = p.Keys.OrderBy(k => k.Position).Select(k => new { k.Kid, Kind = KeyKind(k) }).ToArray(),
    };

    /// <summary>The platform's lti block (nothing in it is secret), or null when it does not launch by LTI.</summary>
    public static object LtiAuditView(StoredPlatform p) => new
    {
        Lti = p.LtiClientId is null ? null : new
        {
            ClientId = p.LtiClientId, DeploymentIds = p.LtiDeploymentIds.ToArray(), AuthorizationUrl = p.LtiAuthorizationUrl,
            RoleProfiles = p.LtiRoleProfiles.OrderBy(r => r.Position).Select(r => new { r.Role, Profile = r.ProfileId }).ToArray(),
        },
    };

    public static string KeyKind(StoredPlatformKey key) => key.ProtectedSharedSecret is not null
        ? "HS256 shared secret"
        : PublicKeyPem.Inspect(key.PublicKeyPem ?? "") switch
        {
            PublicKeyKind.Rsa => "RSA public key",
            PublicKeyKind.EcP256 => "EC P-256 public key",
            _ => "unreadable key",
        };

    /// <summary>Null when every algorithm has a key to verify with; otherwise what is missing.</summary>
    public static string? MissingKeys(IReadOnlyCollection<string> algorithms, IEnumerable<StoredPlatformKey> keys, string? jwksUrl)
    {
        var list = keys.ToList();
        var hasJwks = !string.IsNullOrWhiteSpace(jwksUrl);
        if (algorithms.Contains("HS256") && !list.Any(k => k.ProtectedSharedSecret is not null))
            return "HS256 is chosen but the platform has no shared secret: generate one on the keys page.";
        if (algorithms.Contains("RS256") && !hasJwks && !list.Any(k => k.PublicKeyPem is { } pem && PublicKeyPem.Inspect(pem) == PublicKeyKind.Rsa))
            return "RS256 is chosen but there is neither an RSA public key nor a JWKS URL.";
        if (algorithms.Contains("ES256") && !hasJwks && !list.Any(k => k.PublicKeyPem is { } pem && PublicKeyPem.Inspect(pem) == PublicKeyKind.EcP256))
            return "ES256 is chosen but there is neither a P-256 public key nor a JWKS URL.";
        return null;
    }

    /// <summary>Null when the PEM is a usable public key (RSA ≥ 2048 bits or EC P-256).</summary>
    public static string? PemProblem(string pem)
    {
        switch (PublicKeyPem.Inspect(pem.Trim()))
        {
            case PublicKeyKind.PrivateKey: return "This is a private key: paste only the public key (never share the private one).";
            case PublicKeyKind.EcOtherCurve: return "Only EC keys on the P-256 curve are supported (ES256).";
            case PublicKeyKind.Unreadable: return "Not a PEM public key (-----BEGIN PUBLIC KEY-----).";
            case PublicKeyKind.Rsa:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(pem.Trim());
                    return rsa.KeySize < 2048 ? "RSA keys must be at least 2048 bits." : null;
                }
            default: return null;
        }
    }

    /// <summary>A 256-bit secret as 43 base64url characters; the platform uses the UTF-8 bytes of this string (contract §2).</summary>
    public static string NewSharedSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
