using System.Security.Cryptography;
using System.Text;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace ChatWidget.Host.Lti;

/// <summary>
/// LTI tickets every instance shares: <c>SET NX PX</c> to add, <c>GETDEL</c> to take, so of two instances taking the same
/// state or launch code at once exactly one gets it. Keys are hashes of the ticket ids, so Redis never holds a value
/// that could be presented back to Host.
/// </summary>
public sealed class RedisLtiTicketStore(SharedRedis redis, IOptions<SharedStateOptions> sharedState) : ILtiTicketStore
{
    public async ValueTask<bool> TryAddAsync(LtiTicketKind kind, string id, string value, TimeSpan lifetime, CancellationToken cancellationToken) =>
        await RunAsync(db => db.StringSetAsync(Key(kind, id), value, lifetime, When.NotExists));

    public async ValueTask<string?> TakeAsync(LtiTicketKind kind, string id, CancellationToken cancellationToken) =>
        await RunAsync(async db => (string?)await db.StringGetDeleteAsync(Key(kind, id)));

    public RedisKey Key(LtiTicketKind kind, string id) =>
        redis.KeyPrefix + (kind == LtiTicketKind.LoginState ? "lti:state:" : "lti:code:") + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            return await redis.RunAsync(command);
        }
        catch (SharedStateUnavailableException e)
        {
            throw new ReplayStoreUnavailableException(TimeSpan.FromSeconds(sharedState.Value.RetryAfterSeconds), e);
        }
    }
}
