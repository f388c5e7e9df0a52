using System.ClientModel;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace ChatWidget.Host.Llm;

/// <summary>
/// Turns whatever an OpenAI client library threw into an <see cref="UpstreamException"/>, so the chat
/// endpoint maps one exception type to 429/502/503 whichever library is configured.
/// </summary>
internal static class UpstreamFailureClassifier
{
    /// <summary>
    /// The normalised failure, or null when <paramref name="exception"/> is the caller's own cancellation
    /// (which must stay an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <remarks>
    /// Messages are ours and name only the model id and the status. The original exception is kept as the
    /// inner exception only when its message comes from .NET's networking stack: both libraries put the
    /// upstream's error text into their messages, and upstreams echo (masked) keys and parts of the prompt.
    /// </remarks>
    public static UpstreamException? Classify(Exception exception, UpstreamCall call, string modelId, CancellationToken callerToken)
    {
        switch (exception)
        {
            case UpstreamException upstream:
                return upstream;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;
            case not null when call.BodyTimedOut:
                // Whatever reading the closed response threw, the cause is the bound on the answer's time.
                return new UpstreamException(UpstreamFailure.Unavailable, $"The upstream of model {modelId} did not finish its answer in time.", call.Status);
            case OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException:
                return new UpstreamException(UpstreamFailure.Unavailable, $"The upstream of model {modelId} timed out.", inner: exception);
            case ClientResultException { Status: > 0 } result:
                return FromStatus(result.Status, RetryAfterOf(result), modelId);
            case ClientResultException { InnerException: { } inner }:
                return Classify(inner, call, modelId, callerToken);
            case HttpRequestException { StatusCode: { } status }:
                return FromStatus((int)status, call.RetryAfter, modelId);
            case HttpRequestException or IOException or SocketException:
                return new UpstreamException(UpstreamFailure.Unavailable, $"Could not reach the upstream of model {modelId}, or it dropped the connection.", inner: exception);
            case Polly.CircuitBreaker.BrokenCircuitException:
                return new UpstreamException(UpstreamFailure.Unavailable, $"The upstream of model {modelId} is failing; calls are paused.", inner: exception);
            case JsonException:
                return new UpstreamException(UpstreamFailure.BadResponse, $"The upstream of model {modelId} sent an unreadable response.", call.Status);
            default:
                // Betalgo reports error responses and in-stream error events as InvalidOperationException
                // without the status; the observer on the HttpClient saw the status for us.
                return call.Status is { } seen and not (>= 200 and < 300)
                    ? FromStatus(seen, call.RetryAfter, modelId)
                    : new UpstreamException(UpstreamFailure.BadResponse, $"The upstream of model {modelId} reported an error.", call.Status);
        }
    }

    public static UpstreamException FromStatus(int status, TimeSpan? retryAfter, string modelId)
    {
        var failure = status switch
        {
            429 => UpstreamFailure.RateLimited,
            408 or >= 500 => UpstreamFailure.Unavailable,
            _ => UpstreamFailure.BadResponse,
        };
        return new UpstreamException(failure, $"The upstream of model {modelId} answered HTTP {status}.", status) { RetryAfter = retryAfter };
    }

    private static TimeSpan? RetryAfterOf(ClientResultException exception)
    {
        if (exception.GetRawResponse()?.Headers is not { } headers || !headers.TryGetValue("Retry-After", out var value))
            return null;
        return RetryConditionHeaderValue.TryParse(value, out var parsed) ? UpstreamResponseObserver.RetryAfterOf(parsed) : null;
    }
}
