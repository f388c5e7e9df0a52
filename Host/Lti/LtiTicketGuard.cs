using System.Globalization;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Lti;

/// <summary>
/// Ticket store calls of the login and the launch, failing closed: when the store is full or (with several instances)
/// Redis is unreachable, the browser gets 503 with <c>Retry-After</c> rather than a launch whose state could be replayed.
/// </summary>
internal static class LtiTicketGuard
{
    private const string RetryHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Chat not available</title></head>
        <body><main><h1>The chat is busy</h1><p>Open the activity again in a moment.</p></main></body>
        </html>
        """;

    /// <returns>False when the answer (503) has been written.</returns>
    public static async Task<bool> TryAddAsync(HttpContext http, ILtiTicketStore tickets, LtiTicketKind kind, string id, string value,
        TimeSpan lifetime, ILogger logger)
    {
        try
        {
            if (await tickets.TryAddAsync(kind, id, value, lifetime, http.RequestAborted)) return true;
            logger.LogWarning("LTI {Kind} refused: too many launches are pending (ChatWidget:Lti:MaxPendingLaunches)", kind);
            await WriteRetryAsync(http, TimeSpan.FromSeconds(10));
        }
        catch (ReplayStoreUnavailableException e)
        {
            logger.LogWarning("LTI {Kind} refused: the shared ticket store is unreachable", kind);
            await WriteRetryAsync(http, e.RetryAfter);
        }

        return false;
    }

    /// <returns>Reached false when the store could not be asked and the answer (503) has been written; else the value or null.</returns>
    public static async Task<(bool Reached, string? Value)> TakeAsync(HttpContext http, ILtiTicketStore tickets, LtiTicketKind kind, string id,
        ILogger logger)
    {
        try
        {
            return (true, await tickets.TakeAsync(kind, id, http.RequestAborted));
        }
        catch (ReplayStoreUnavailableException e)
        {
            logger.LogWarning("LTI {Kind} refused: the shared ticket store is unreachable", kind);
            await WriteRetryAsync(http, e.RetryAfter);
            return (false, null);
        }
    }

    private static Task WriteRetryAsync(HttpContext http, TimeSpan retryAfter)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors *";
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(RetryHtml, http.RequestAborted);
    }
}
