namespace ChatWidget.Host.Embedding;

/// <summary>
/// <c>GET /chat</c>: the team members' full-page chat. The same frame app and CSP as the widget's frame, but a
/// top-level page that no one may frame: the team password is typed here, so no other page may overlay it.
/// It is served whether or not team access is on, so the page does not tell strangers which it is.
/// </summary>
internal static class TeamChatEndpoint
{
    public static async Task HandleAsync(HttpContext http, TeamChatPage page)
    {
        WidgetPageResponse.SetHeaders(http.Response, FrameContentSecurityPolicy.For(null));
        http.Response.Headers.XFrameOptions = "DENY";
        await WidgetPageResponse.WriteAsync(http.Response, await page.HtmlAsync(http.RequestAborted), http.RequestAborted);
    }
}
