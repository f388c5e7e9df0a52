using System.Net;
using System.Text.Json;
using ChatWidget.Host.Llm;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChatWidget.Host.Tests.Llm;

public sealed class UpstreamFailureClassifierTests
{
    private static UpstreamException? Classify(Exception exception, CancellationToken callerToken = default, int? status = null) =>
        UpstreamFailureClassifier.Classify(exception, new UpstreamCall(callerToken) { Status = status }, "fast", callerToken);

    [Fact]
    public void The_callers_own_cancellation_stays_a_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Null(Classify(new TaskCanceledException("cancelled", null, cancellation.Token), cancellation.Token));
    }

    public static TheoryData<Exception> Timeouts => new()
    {
        new TaskCanceledException("HttpClient.Timeout elapsed", new TimeoutException()),
        new TimeoutException(),
        new TimeoutRejectedException(),
    };

    [Theory]
    [MemberData(nameof(Timeouts))]
    public void A_timeout_that_is_not_the_callers_cancellation_is_Unavailable(Exception timeout)
    {
        Assert.Equal(UpstreamFailure.Unavailable, Classify(timeout)?.Failure);
    }

    [Fact]
    public void An_open_circuit_is_Unavailable()
    {
        Assert.Equal(UpstreamFailure.Unavailable, Classify(new BrokenCircuitException())?.Failure);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, UpstreamFailure.RateLimited)]
    [InlineData(HttpStatusCode.ServiceUnavailable, UpstreamFailure.Unavailable)]
    [InlineData(HttpStatusCode.RequestTimeout, UpstreamFailure.Unavailable)]
    [InlineData(HttpStatusCode.NotFound, UpstreamFailure.BadResponse)]
    public void An_http_status_maps_to_its_failure(HttpStatusCode status, UpstreamFailure expected)
    {
        var failure = Classify(new HttpRequestException("upstream said: secret prompt", null, status));

        Assert.Equal(expected, failure?.Failure);
        Assert.Equal((int)status, failure?.UpstreamStatus);
        Assert.DoesNotContain("secret prompt", failure?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_json_is_BadResponse()
    {
        Assert.Equal(UpstreamFailure.BadResponse, Classify(new JsonException("bad token at 'The answer is'"))?.Failure);
    }

    [Fact]
    public void A_library_error_without_status_uses_the_status_the_handler_saw()
    {
        var rateLimited = Classify(new InvalidOperationException("rate_limit: Limit reached for sk-abc***xyz"), status: 429);

        Assert.Equal(UpstreamFailure.RateLimited, rateLimited?.Failure);
        Assert.DoesNotContain("sk-abc", rateLimited?.ToString(), StringComparison.Ordinal);
    }
}
