using System.Diagnostics.CodeAnalysis;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// An origin as browsers send it: scheme://host[:port], no path, no trailing slash. Host compares origins
/// by string equality, so every stored origin is normalised the way a browser would write it.
/// </summary>
internal static class OriginRules
{
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? origin)
    {
        origin = null;
        if (string.IsNullOrWhiteSpace(value) || value != value.Trim() || value.EndsWith('/'))
        {
            return false;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/"
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        return true;
    }
}
