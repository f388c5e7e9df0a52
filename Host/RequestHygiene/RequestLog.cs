using System.Diagnostics;

namespace ChatWidget.Host.RequestHygiene;

/// <summary>
/// One line per request, in place of ASP.NET Core's own request lines (which Host never writes: they carry the query
/// string, where LTI platforms put their user ids). Method, Host as the client sent it, path and status; never the query.
/// Off unless <c>Logging:LogLevel:ChatWidget.Host.Requests</c> is Information.
/// </summary>
public static partial class RequestLog
{
    public const string Category = "ChatWidget.Host.Requests";

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var request = context.Request;
                Answered(logger, request.Method, request.Scheme, request.Host.Value ?? "", request.PathBase + request.Path,
                    context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Scheme}://{Host}{Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string scheme, string host, string path, int statusCode, double elapsedMilliseconds);
}
