using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Embedding;

/// <summary><c>GET /widget/frame?platform=ID&amp;locale=xx</c>: the chat panel's page, framed only by the platform's origins.</summary>
internal static class FrameEndpoint
{
    public static async Task HandleAsync(HttpContext http, ILiveConfiguration configuration, FramePage page)
    {
        var platformId = http.Request.Query["platform"].ToString();
        var snapshot = await configuration.CurrentAsync(http.RequestAborted);
        var platform = platformId.Length > 0 ? snapshot.Platforms.GetValueOrDefault(platformId) : null;
        if (platform is not { Enabled: true }) platform = null;

        WidgetPageResponse.SetHeaders(http.Response, FrameContentSecurityPolicy.For(platform));
        if (platform is null)
        {
            await WidgetPageResponse.WriteNotAvailableAsync(http.Response, StatusCodes.Status404NotFound, http.RequestAborted);
            return;
        }

        await WidgetPageResponse.WriteAsync(http.Response, await page.HtmlAsync(http.RequestAborted), http.RequestAborted);
    }
}
