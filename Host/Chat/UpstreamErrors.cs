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

    /// <summary>Logs a failed model call (without anything the upstream said) and maps it, once.</summary>
    public static (int Status, OpenAiError Error) Report(ILogger logger, Exception exception, string profileId, bool streaming)
    {
        if (exception is UpstreamException upstream)
        {
            // UpstreamException messages are safe to log by contract.
            ChatRequestLog.UpstreamFailed(logger, upstream, profileId, upstream.Failure.ToString(), upstream.UpstreamStatus, streaming);
        }
        else
        {
            // Other exceptions may quote the upstream's answer, which can echo the prompt: the details go to Debug only.
            ChatRequestLog.UpstreamFailedUnexpectedly(logger, profileId, exception.GetType().Name, streaming);
            ChatRequestLog.UpstreamFailureDetails(logger, exception, profileId);
        }

        return Map(exception);
    }

    /// <summary>The idle timeout surfaces as the cancellation of the upstream call; it is an unavailable upstream.</summary>
    public static Exception IdleOr(Exception exception, string modelId, TimeSpan idleTimeout) =>
        exception is OperationCanceledException
            ? new UpstreamException(UpstreamFailure.Unavailable, $"The upstream of model {modelId} sent nothing for {idleTimeout.TotalSeconds:0} s.", inner: exception)
            : exception;

    public static IResult Result(this (int Status, OpenAiError Error) mapped) =>
        OpenAiError.Result(mapped.Status, mapped.Error.Message, mapped.Error.Type, mapped.Error.Code);
}
