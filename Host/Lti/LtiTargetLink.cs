namespace ChatWidget.Host.Lti;

/// <summary>A launch's target link URI must point at this Host (contract §8), so a token meant for another tool is refused.</summary>
internal static class LtiTargetLink
{
    public static bool IsOnHost(string? targetLinkUri, string hostOrigin) =>
        Uri.TryCreate(targetLinkUri, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), hostOrigin, StringComparison.OrdinalIgnoreCase);
}
