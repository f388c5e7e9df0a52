namespace ChatWidget.Host.Embedding;

/// <summary>
/// <c>GET /chat</c>: the team members' full-page chat. The same frame app and CSP as the widget's frame, but a
/// top-level page that no one may frame: the team password is typed here, so no other page may overlay it.
/// It is served whether or not team access is on, so the page does not tell strangers which it is.
/// </summary>
internal static class TeamChatEndpoint
{
    private const string NotAvailableHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Chat not available</title></head>
        <body><p>This chat is not available.</p></body>
        </html>
        """;

    public static async Task HandleAsync(HttpContext http, TeamChatPage page)
    {
        var response = http.Response;
        response.Headers.ContentSecurityPolicy = FrameContentSecurityPolicy.For(null);
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";

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
