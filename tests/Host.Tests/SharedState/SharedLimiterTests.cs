using System.Security.Claims;
using ChatWidget.Host.RateLimits;
using ChatWidget.Host.Sessions;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>The open-streams limit and the all-or-nothing buckets, as two instances' limiters see them in one Redis.</summary>
public sealed class SharedLimiterTests
{
    [Fact]
    public async Task A_sessions_open_streams_are_counted_on_both_instances_and_given_back_when_they_end()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync(), new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:StreamsPerSession"] = "2",
        });
        var a = instances.A.Services.GetRequiredService<IRequestRateLimiters>().Global;
        var b = instances.B.Services.GetRequiredService<IRequestRateLimiters>().Global;

        using var first = await a.AcquireAsync(ChatRequest("s1"));
        using var second = await b.AcquireAsync(ChatRequest("s1"));
        using var third = await a.AcquireAsync(ChatRequest("s1"));
        using var otherSession = await b.AcquireAsync(ChatRequest("s2"));

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(third.IsAcquired);
        Assert.True(otherSession.IsAcquired);

        second.Dispose();
        await WaitUntilAcquiredAsync(a, "s1");
    }

    [Fact]
    public async Task A_request_refused_by_one_bucket_takes_nothing_from_the_others()
    {
        await using var instances = TwoInstances.Start(await RedisServer.SharedAsync(), new Dictionary<string, string?>
        {
            ["ChatWidget:RateLimits:ChatPerSession:Burst"] = "1",
            ["ChatWidget:RateLimits:ChatPerSession:PerMinute"] = "1",
            ["ChatWidget:RateLimits:ChatPerPlatform:Burst"] = "2",
            ["ChatWidget:RateLimits:ChatPerPlatform:PerMinute"] = "1",
        });
        var limiter = instances.A.Services.GetRequiredService<IRequestRateLimiters>().Global;

        using (var taken = await limiter.AcquireAsync(ChatRequest("busy"))) Assert.True(taken.IsAcquired);
        for (var i = 0; i < 5; i++)
        {
            using var refused = await limiter.AcquireAsync(ChatRequest("busy"));
            Assert.False(refused.IsAcquired);
        }

        // The platform bucket (2) gave one to "busy" and none to its five refusals: one is left for another session.
        using var other = await limiter.AcquireAsync(ChatRequest("quiet"));
        Assert.True(other.IsAcquired);
    }

    private static async Task WaitUntilAcquiredAsync(System.Threading.RateLimiting.PartitionedRateLimiter<HttpContext> limiter, string session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var lease = await limiter.AcquireAsync(ChatRequest(session));
            if (lease.IsAcquired) return;
            Assert.True(DateTime.UtcNow < deadline, "the ended stream's place was not given back");
            await Task.Delay(50);
        }
    }

    /// <summary>A chat request of an authenticated session, as the middleware sees it after routing and authentication.</summary>
    private static HttpContext ChatRequest(string sessionId)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/v1/chat/completions";
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new EnableRateLimitingAttribute(RateLimitPolicies.Chat)), "chat"));
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(AccessTokenClaims.SessionId, sessionId),
            new Claim(AccessTokenClaims.Platform, "lms"),
            new Claim(AccessTokenClaims.Profile, "support"),
        ], "test"));
        return http;
    }
}
