namespace ChatWidget.Host.Sessions;

/// <summary>Host's own origin, as the browser sees it (the frame page is served from here).</summary>
public static class HostOrigin
{
    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
