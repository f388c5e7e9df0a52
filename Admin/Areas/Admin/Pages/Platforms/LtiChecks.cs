using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>
/// The rules that tie a platform's <c>lti</c> block to the rest of its registration, shared by the LTI page and the
/// edit page so that neither can leave the other's half invalid (the seed file's LtiValidator holds the same ones).
/// </summary>
internal static class LtiChecks
{
    public static readonly string[] LtiAlgorithms = ["RS256", "ES256"];

    public const string AlgorithmsMessage =
        "An LTI platform signs its id_tokens with RS256 or ES256; keep one of them while LTI is on (or switch LTI off on the platform's LTI page).";

    public static bool HasLtiAlgorithm(IEnumerable<string> algorithms) => algorithms.Any(LtiAlgorithms.Contains);

    /// <summary>A key an id_token can be verified with: the platform's JWKS, or a public key of an LTI algorithm it lists.</summary>
    public static bool HasLtiKeySource(StoredPlatform platform) =>
        !string.IsNullOrWhiteSpace(platform.JwksUrl)
        || platform.Keys.Any(k => k.PublicKeyPem is { } pem && PublicKeyPem.Inspect(pem) switch
        {
            PublicKeyKind.Rsa => platform.Algorithms.Contains("RS256"),
            PublicKeyKind.EcP256 => platform.Algorithms.Contains("ES256"),
            _ => false,
        });

    /// <summary>What the rest of the registration lacks for LTI launches; the blocking ones refuse switching LTI on.</summary>
    public static IReadOnlyList<LtiPrerequisite> Prerequisites(StoredPlatform platform)
    {
        var found = new List<LtiPrerequisite>();
        if (!HasLtiAlgorithm(platform.Algorithms))
        {
            var listed = platform.Algorithms.Count == 0 ? "none" : string.Join(", ", platform.Algorithms);
            found.Add(new("Algorithms",
                $"Algorithms: an LTI platform signs its id_tokens with RS256 or ES256, and this platform lists {listed}. " +
                "Choose RS256 (what Moodle, Canvas, Blackboard and Brightspace use) on the edit page.",
                Blocking: true, [("Edit", "Edit the platform's algorithms")]));
        }

        if (!HasLtiKeySource(platform))
        {
            found.Add(new("Keys",
                "Keys: there is neither a JWKS URL nor an RSA or EC public key to verify the platform's id_tokens. " +
                "Enter the platform's public keyset URL as the JWKS URL on the edit page (the usual way: keys then rotate by themselves), " +
                "or add its public key on the keys page.",
                Blocking: true, [("Keys", "Open the keys page"), ("Edit", "Enter a JWKS URL")]));
        }

        if (platform.Profiles.Count == 0)
        {
            found.Add(new("Profiles",
                "Profiles: the platform allows no profile yet, so there is nothing to launch. Pick its profiles and default profile on the edit page.",
                Blocking: false, [("Edit", "Pick profiles")]));
        }

        if (!platform.Enabled)
        {
            found.Add(new("Enabled",
                "Enabled: the platform is disabled, so its launches are refused until it is enabled on the edit page.",
                Blocking: false, [("Edit", "Edit the platform")]));
        }

        return found;
    }

    /// <summary>The other platform whose LTI login would look the same (issuer and client id), or null.</summary>
    public static async Task<string?> PlatformWithSameClientAsync(ConfigurationDbContext db, string platformId, string issuer, string clientId,
        CancellationToken cancellationToken) =>
        await db.Platforms.AsNoTracking()
            .Where(p => p.Id != platformId && p.Issuer == issuer && p.LtiClientId == clientId)
            .Select(p => p.Id)
            .OrderBy(id => id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>A role mapping may name only a profile the platform allows (or its default).</summary>
    public static bool IsAllowedProfile(IReadOnlyCollection<string> profiles, string? defaultProfile, string profileId) =>
        profiles.Contains(profileId) || (!string.IsNullOrEmpty(defaultProfile) && defaultProfile == profileId);
}
