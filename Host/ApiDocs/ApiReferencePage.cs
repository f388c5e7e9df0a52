using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace ChatWidget.Host.ApiDocs;

/// <summary>
/// The readable API reference at <c>/api/reference</c>: Scalar's, with its script bundle served by Host (no CDN, no
/// web fonts, no telemetry), under a policy that allows only Host's own scripts, the page's nonced module and the
/// document fetch.
/// </summary>
internal static class ApiReferencePage
{
    private const string PolicyTemplate = "default-src 'none'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app, string path, string documentPath)
    {
        app.MapScalarApiReference(path, (options, http) =>
        {
            // Hex, not base64: the nonce then reads the same in the header and in Scalar's HTML-encoded attribute ("+" became "&#x2B;").
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            options.WithTitle("ChatWidget API reference")
                .WithOpenApiRoutePattern(documentPath)
                .WithNonce(nonce)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp();
            http.Response.Headers.ContentSecurityPolicy = string.Format(PolicyTemplate, nonce);
        }).ExcludeFromDescription();
        return app;
    }
}
