using System.Globalization;
using System.Threading.RateLimiting;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Hardening;

/// <summary>
/// A refused request: <c>429</c> with <c>Retry-After</c> (whole seconds, at least 1) and a body in the shape of the
/// endpoint, OAuth's on <c>/api/token</c> and OpenAI's elsewhere.
/// </summary>
public static class RateLimitRejection
{
    public const string OpenAiType = "rate_limit_error";
    public const string OpenAiCode = "rate_limit_exceeded";

    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, 3600)
            : 1;

    public static IResult Result(HttpContext http, RateLimitLease lease)
    {
        http.RequestServices.GetRequiredService<ChatWidgetMetrics>().RateLimited(
            RateLimitedRequest.IsToken(http) ? "token" : RateLimitedRequest.IsLtiLogin(http) ? "lti_login" : "chat");
        var seconds = RetryAfterSeconds(lease);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many requests. Try again in {seconds} second{(seconds == 1 ? "" : "s")}.";
        if (RateLimitedRequest.IsToken(http)) return Results.Json(TokenError.InvalidRequest(message), statusCode: StatusCodes.Status429TooManyRequests);
        // The LTI login is a page in the platform's frame: a sentence the learner can read.
        if (RateLimitedRequest.IsLtiLogin(http)) return Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
        return Results.Json(new OpenAiError(message, OpenAiType, OpenAiCode).ToBody(), statusCode: StatusCodes.Status429TooManyRequests);
    }
}
