namespace ChatWidget.Host.Lti;

/// <summary>What of a caller-supplied value may reach the log: a well-formed issuer URL, never free text.</summary>
internal static class LtiLog
{
    public static string Safe(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && issuer.Length <= 200
            ? uri.GetLeftPart(UriPartial.Path)
            : "(not an issuer URL)";
}
