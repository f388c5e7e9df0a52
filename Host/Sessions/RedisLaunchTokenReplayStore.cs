using System.Security.Cryptography;
using System.Text;
using ChatWidget.Host.SharedState;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The replay store every instance shares: one atomic <c>SET key 1 NX PX ttl</c> per launch, so of any number of
/// exchanges of one launch token on any instances exactly one succeeds. The key is a hash of (platform, jti), kept
/// until the token's expiry plus clock skew. Redis unreachable: <see cref="ReplayStoreUnavailableException"/>, and the
/// launch fails closed.
/// </summary>
public sealed class RedisLaunchTokenReplayStore(SharedRedis redis, TimeProvider time, IOptions<Sessions.SessionOptions> options,
    IOptions<SharedStateOptions> sharedState) : ILaunchTokenReplayStore
{
    private static readonly TimeSpan MinimumHold = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryConsumeAsync(string platformId, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var hold = expiresAt + options.Value.LaunchTokenClockSkew - time.GetUtcNow();
        var key = Key(platformId, tokenId);
        try
        {
            return await redis.RunAsync(db => db.StringSetAsync(key, 1, hold < MinimumHold ? MinimumHold : hold, When.NotExists));
        }
        catch (SharedStateUnavailableException e)
        {
            throw new ReplayStoreUnavailableException(TimeSpan.FromSeconds(sharedState.Value.RetryAfterSeconds), e);
        }
    }

    public RedisKey Key(string platformId, string tokenId) =>
        redis.KeyPrefix + "jti:" + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{platformId}\n{tokenId}")));
}
