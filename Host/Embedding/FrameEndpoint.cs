using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Embedding;

/// <summary><c>GET /widget/frame?platform=ID&amp;locale=xx</c>: the chat panel's page, framed only by the platform's origins.</summary>
internal static class FrameEndpoint
{
    private const string NotAvailableHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Chat not available</title></head>
        <body><p>This chat is not available.</p></body>
        </html>
        """;

    public static async Task HandleAsync(HttpContext http, ILiveConfiguration configuration, FramePage page)
    {
        var platformId = http.Request.Query["platform"].ToString();
        var snapshot = await configuration.CurrentAsync(http.RequestAborted);
        var platform = platformId.Length > 0 ? snapshot.Platforms.GetValueOrDefault(platformId) : null;
        if (platform is not { Enabled: true }) platform = null;

        var response = http.Response;
        response.Headers.ContentSecurityPolicy = FrameContentSecurityPolicy.For(platform);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Each page view gets the policy of the configuration of that moment, e.g. an origin removed a second ago.
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";

        if (platform is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await response.WriteAsync(NotAvailableHtml, http.RequestAborted);
            return;
        }

        var html = await page.HtmlAsync(http.RequestAborted);
        if (html is null)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await response.WriteAsync(NotAvailableHtml, http.RequestAborted);
            return;
        }

        await response.WriteAsync(html, http.RequestAborted);
    }
}
