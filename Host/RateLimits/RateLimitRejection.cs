using System.Globalization;
using System.Threading.RateLimiting;
using ChatWidget.Host.Observability;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// A refused request: <c>429</c> with <c>Retry-After</c> (whole seconds, at least 1) and a body in the shape of its
/// endpoint (chosen by its <see cref="RateLimitPolicies">policy</see>), logged with the path only.
/// </summary>
public static partial class RateLimitRejection
{
    public const string OpenAiType = "rate_limit_error";
    public const string OpenAiCode = "rate_limit_exceeded";

    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, 3600)
            : 1;

    /// <summary>The refusal, its message naming the wait, in the shape <paramref name="refusal"/> gives it.</summary>
    public static IResult Result(HttpContext http, RateLimitLease lease, Func<string, IResult> refusal)
    {
        http.RequestServices.GetRequiredService<ChatWidgetMetrics>().RateLimited(RateLimitPolicies.Of(http)?.Replace('-', '_') ?? RateLimitPolicies.Token);
        var seconds = RetryAfterSeconds(lease);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        Refused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection)), http.Request.Path);
        return refusal($"Too many requests. Try again in {seconds} second{(seconds == 1 ? "" : "s")}.");
    }

    internal static async ValueTask WriteAsync(HttpContext http, RateLimitLease lease, Func<string, IResult> refusal) =>
        await Result(http, lease, refusal).ExecuteAsync(http);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request to {Path} refused: rate limited")]
    private static partial void Refused(ILogger logger, string path);
}
