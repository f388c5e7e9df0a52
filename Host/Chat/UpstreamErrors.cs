using ChatWidget.Host.Errors;
using ChatWidget.Host.Llm;

namespace ChatWidget.Host.Chat;

/// <summary>
/// How a failed model call is reported. A rate limit at the upstream is 503 "busy", not 429: the client did not
/// exceed any limit of ours, and 429 is reserved for Host's own rate limiting.
/// </summary>
internal static class UpstreamErrors
{
    public static (int Status, OpenAiError Error) Map(Exception exception) => exception switch
    {
        UpstreamException { Failure: UpstreamFailure.RateLimited } => (StatusCodes.Status503ServiceUnavailable,
            new OpenAiError("The assistant is busy right now. Try again in a moment.", "server_error", "upstream_busy")),
        UpstreamException { Failure: UpstreamFailure.Unavailable } or OperationCanceledException or TimeoutException => (StatusCodes.Status503ServiceUnavailable,
            new OpenAiError("The assistant is unavailable right now. Try again in a moment.", "server_error", "upstream_unavailable")),
        _ => (StatusCodes.Status502BadGateway,
            new OpenAiError("The assistant's model returned an error. Try again in a moment.", "server_error", "upstream_error")),
    };
}
