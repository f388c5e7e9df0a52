using System.Threading.RateLimiting;

namespace ChatWidget.Host.RateLimits;

/// <summary>
/// The rate limiters of the token and chat endpoints: in this process (<see cref="RequestRateLimiters"/>) or shared by
/// every instance through Redis (<see cref="SharedState.RedisRequestRateLimiters"/>).
/// </summary>
public interface IRequestRateLimiters
{
    /// <summary>The limiter of the rate-limiting middleware: streams and buckets per session, learner, platform and client IP.</summary>
    PartitionedRateLimiter<HttpContext> Global { get; }

    /// <summary>Takes one token request from the platform's bucket; dispose the lease.</summary>
    ValueTask<RateLimitLease> AcquireTokenRequestAsync(string? platform, CancellationToken cancellationToken);
}
