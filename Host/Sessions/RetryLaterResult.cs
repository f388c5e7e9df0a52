using System.Globalization;

namespace ChatWidget.Host.Sessions;

/// <summary>An answer with <c>Retry-After</c> (whole seconds, at least 1): a refusal the client may try again later.</summary>
public sealed class RetryLaterResult(TimeSpan after, IResult answer) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = (long)Math.Max(1, Math.Ceiling(after.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return answer.ExecuteAsync(httpContext);
    }
}
