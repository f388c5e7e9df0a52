using System.Threading.RateLimiting;
using ChatWidget.Host.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// The named rate-limit policies the endpoints require (<c>RequireRateLimiting</c>): which buckets a request is counted
/// in (<see cref="RequestBuckets"/>) follows from its endpoint's policy, and each policy refuses in its endpoint's shape.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary><c>POST /v1/chat/completions</c>: open streams and buckets per session, learner, platform and client address.</summary>
    public const string Chat = "chat";

    /// <summary><c>POST /api/token</c>: per client address here, per platform once the form is read (see <see cref="RateLimitServiceExtensions.RejectTokenRequestAsync"/>).</summary>
    public const string Token = "token";

    /// <summary><c>/lti/login</c>: each login creates a pending state, so it is counted per client address like token requests.</summary>
    public const string LtiLogin = "lti-login";

    /// <summary>The policy an endpoint requires, or null when it is not rate limited.</summary>
    public static string? Of(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    internal static IResult ChatRefusal(string message) =>
        Results.Json(new OpenAiError(message, RateLimitRejection.OpenAiType, RateLimitRejection.OpenAiCode).ToBody(), statusCode: StatusCodes.Status429TooManyRequests);

    internal static IResult TokenRefusal(string message) => Results.Json(TokenError.InvalidRequest(message), statusCode: StatusCodes.Status429TooManyRequests);

    // The LTI login is a page in the platform's frame: a sentence the learner can read.
    internal static IResult LtiLoginRefusal(string message) => Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);

    internal static void Add(RateLimiterOptions options, IRequestRateLimiters limiters, IHttpContextAccessor requests)
    {
        options.AddPolicy(Chat, new RequestBucketsPolicy(limiters, requests, ChatRefusal));
        options.AddPolicy(Token, new RequestBucketsPolicy(limiters, requests, TokenRefusal));
        options.AddPolicy(LtiLogin, new RequestBucketsPolicy(limiters, requests, LtiLoginRefusal));
    }

    /// <summary>
    /// One policy over <see cref="IRequestRateLimiters.Global"/>, which counts the request's own buckets: the
    /// middleware hands a policy's limiter no request, so the limiter reads the current one.
    /// </summary>
    private sealed class RequestBucketsPolicy(IRequestRateLimiters limiters, IHttpContextAccessor requests, Func<string, IResult> refusal)
        : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => (context, _) =>
            RateLimitRejection.WriteAsync(context.HttpContext, context.Lease, refusal);

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.Get("", _ => new CurrentRequestLimiter(limiters.Global, requests));
    }

    private sealed class CurrentRequestLimiter(PartitionedRateLimiter<HttpContext> limiter, IHttpContextAccessor requests) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => limiter.AttemptAcquire(Current, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            limiter.AcquireAsync(Current, permitCount, cancellationToken);

        private HttpContext Current => requests.HttpContext ?? throw new InvalidOperationException("A rate-limit policy was applied outside a request.");
    }
}
