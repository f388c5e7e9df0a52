using System.Text;

namespace ChatWidget.Admin.Configuration;

/// <summary>How the answers of a platform's OpenID configuration become the fields of its platform entry.</summary>
public static class DynamicRegistrationRules
{
    /// <summary>The id_token algorithms ChatWidget verifies with a JWKS.</summary>
    public static readonly IReadOnlyList<string> VerifiableAlgorithms = ["RS256", "ES256"];

    /// <summary>Canvas signs id_tokens valid for an hour (its product family code is <c>canvas</c>).</summary>
    public const int CanvasIdTokenLifetimeSeconds = 3600;

    private const string FallbackId = "lti-platform";
    private const int MaxBaseIdLength = 60; // room for "-NNN" within the id pattern's 64 characters

    /// <summary>
    /// The platform's <c>id_token_signing_alg_values_supported</c> that ChatWidget can verify, in ChatWidget's order;
    /// RS256 when the platform does not say (LTI 1.3 requires platforms to support it). Empty: none can be verified.
    /// </summary>
    public static IReadOnlyList<string> AlgorithmsFor(IReadOnlyCollection<string>? supported) =>
        supported is null ? ["RS256"] : VerifiableAlgorithms.Where(a => supported.Contains(a, StringComparer.Ordinal)).ToArray();

    /// <summary>The origin the platform's pages are served from, as a browser writes it (its issuer's scheme, host and port).</summary>
    public static string OriginOf(Uri issuer) => issuer.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    /// <summary>
    /// The id_token lifetime to accept: the platform entry's default, except for Canvas, whose id_tokens live an hour
    /// and would otherwise all be refused.
    /// </summary>
    public static int MaxLaunchTokenLifetimeFor(string? productFamilyCode) =>
        string.Equals(productFamilyCode, "canvas", StringComparison.OrdinalIgnoreCase)
            ? CanvasIdTokenLifetimeSeconds
            : PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds;

    /// <summary>
    /// The issuer's host as a platform id (<c>moodle.example.edu</c>): readable in the dashboard, and valid for the id
    /// pattern <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>. Internationalised names use their ASCII (punycode) form.
    /// </summary>
    public static string BasePlatformIdFor(Uri issuer)
    {
        var id = new StringBuilder();
        foreach (var c in issuer.IdnHost.ToLowerInvariant())
        {
            id.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }

        var text = id.ToString().TrimStart('.', '-', '_');
        if (text.Length > MaxBaseIdLength) text = text[..MaxBaseIdLength];
        return text.Length == 0 || text == TeamAccessSettings.PlatformId ? FallbackId : text;
    }

    /// <summary>The base id, or the first of <c>base-2</c>, <c>base-3</c>, … that no platform has yet.</summary>
    public static string FreePlatformId(string baseId, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(baseId)) return baseId;
        for (var n = 2; ; n++)
        {
            var candidate = $"{baseId}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
