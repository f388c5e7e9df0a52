namespace ChatWidget.Host.Observability;

/// <summary>
/// <c>chatwidget.chat.open_streams</c>: a chat completion whose response starts as an event stream counts as open
/// until the response has completed, seen from outside the chat handler.
/// </summary>
public sealed class OpenStreamCounter(RequestDelegate next, ChatWidgetMetrics metrics)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/v1/chat/completions", StringComparison.Ordinal))
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true)
                {
                    metrics.StreamOpened();
                    http.Response.OnCompleted(() =>
                    {
                        metrics.StreamClosed();
                        return Task.CompletedTask;
                    });
                }

                return Task.CompletedTask;
            });
        }

        return next(http);
    }
}
