using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// The plain pages <c>/lti/register</c> answers with, inside the platform's registration frame or popup: the page that
/// hands control back to the platform, or one that says what to check.
/// </summary>
/// <remarks>
/// <c>frame-ancestors *</c>: LTI Dynamic Registration has the platform open this URL in an iframe (Moodle, Canvas) or a
/// popup, and before the registration ChatWidget does not know the platform's origin, so no narrower list can be
/// written. These pages have nothing to click and nothing to read beyond a sentence, so framing them gains a hostile
/// page nothing. No script or style but the one hashed script; no-store, and no referrer, because the URL carries the
/// invite secret and the platform's registration token.
/// </remarks>
public sealed record RegistrationPage(int StatusCode, string Html, string ContentSecurityPolicy)
{
    /// <summary>The whole script of the completed page: LTI Dynamic Registration §3.7 "registration completed" message.</summary>
    internal const string CloseScript = "(window.opener || window.parent).postMessage({subject: 'org.imsglobal.lti.close'}, '*');";

    internal const string InvalidLinkText =
        "This registration link is not valid any more; create a new one in the ChatWidget dashboard.";

    internal const string CompletedText =
        "ChatWidget is registered. An administrator must enable it and choose its profiles in the dashboard.";

    private const string PolicyBase = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *";

    /// <summary>The CSP source of <see cref="CloseScript"/>: its SHA-256, so no <c>'unsafe-inline'</c> is needed.</summary>
    internal static readonly string CloseScriptSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(CloseScript)))}'";

    /// <summary>
    /// Registered: tells the platform to close the frame (<c>targetOrigin *</c>, as the spec's example: the message carries
    /// nothing, and the framing page may be on another origin than the issuer, as with Canvas).
    /// </summary>
    public static RegistrationPage Completed { get; } = new(StatusCodes.Status200OK,
        Document("ChatWidget is registered", CompletedText, $"<script>{CloseScript}</script>"),
        $"{PolicyBase}; script-src {CloseScriptSource}");

    /// <summary>Unknown, used, expired or revoked invite: nothing more, so the page tells a stranger nothing.</summary>
    public static RegistrationPage InvalidLink { get; } = Failed(StatusCodes.Status400BadRequest, InvalidLinkText);

    public static RegistrationPage Failed(int statusCode, string advice) =>
        new(statusCode, Document("ChatWidget could not be registered", advice, ""), PolicyBase);

    public Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return response.WriteAsync(Html, cancellationToken);
    }

    private static string Document(string title, string text, string script)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.Encode(title)}</title></head>
            <body>
            <h1>{html.Encode(title)}</h1>
            <p id="message">{html.Encode(text)}</p>
            {script}
            </body>
            </html>
            """;
    }
}
