using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Embedding;

/// <summary>
/// The CSP of the chat frame: nothing inline, nothing from elsewhere, and framed only by the pages the
/// platform registered. <c>frame-ancestors</c> is what stops another site from framing a platform's chat.
/// </summary>
public static class FrameContentSecurityPolicy
{
    private const string Base =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    public static string For(PlatformSettings? platform) => $"{Base}; frame-ancestors {FrameAncestors(platform)}";

    /// <summary>The platform's allowed origins, or <c>'none'</c> when there is no enabled platform or no origin.</summary>
    public static string FrameAncestors(PlatformSettings? platform)
    {
        if (platform is not { Enabled: true }) return "'none'";

        // Origins are normalised when stored; anything that could end or extend the directive is still dropped.
        var origins = platform.AllowedOrigins
            .Where(o => o.Length > 0 && !o.Any(c => char.IsWhiteSpace(c) || c is ';' or ',' or '\'' or '"'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return origins.Count == 0 ? "'none'" : string.Join(' ', origins);
    }
}
