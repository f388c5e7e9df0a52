namespace ChatWidget.Host.Embedding;

/// <summary>How Host answers with one of the widget's HTML pages (the chat frame, the team chat).</summary>
internal static class WidgetPageResponse
{
    private const string NotAvailableHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Chat not available</title></head>
        <body><p>This chat is not available.</p></body>
        </html>
        """;

    /// <summary>
    /// The page's own strict policy, never cached: each page view gets the policy of the configuration of that
    /// moment (e.g. an origin removed a second ago).
    /// </summary>
    public static void SetHeaders(HttpResponse response, string contentSecurityPolicy)
    {
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
    }

    /// <summary>Writes the page, or 503 when the widget has not been built.</summary>
    public static Task WriteAsync(HttpResponse response, string? html, CancellationToken cancellationToken) =>
        html is null
            ? WriteNotAvailableAsync(response, StatusCodes.Status503ServiceUnavailable, cancellationToken)
            : response.WriteAsync(html, cancellationToken);

    public static Task WriteNotAvailableAsync(HttpResponse response, int statusCode, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        return response.WriteAsync(NotAvailableHtml, cancellationToken);
    }
}
