namespace ChatWidget.Host.Lti.Registration;

/// <summary>Which platform URLs Host calls or stores during a registration, and how they appear in its log.</summary>
internal static class RegistrationUrls
{
    /// <summary>
    /// An absolute https URL without user info; plain http only to a loopback address, so a platform running on the
    /// same machine (development, the tests) can register. A valid invite is required before any URL is called.
    /// </summary>
    public static bool IsAcceptable(Uri url) =>
        url.IsAbsoluteUri
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        && string.IsNullOrEmpty(url.UserInfo)
        && !string.IsNullOrEmpty(url.Host);

    public static Uri? Parse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && IsAcceptable(url) ? url : null;

    /// <summary>Scheme, host, port and path: never the query or user info, where a platform might put a token.</summary>
    public static string ForLog(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : "(relative URL)";

    /// <summary>The same for a value that may not even be a URL.</summary>
    public static string ForLog(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) ? ForLog(url) : "(not an absolute URL)";
}
