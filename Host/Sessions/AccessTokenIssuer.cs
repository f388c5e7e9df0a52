using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>An access token and how long it lives, as the token endpoint returns it.</summary>
public sealed record IssuedAccessToken(string Token, int ExpiresInSeconds);

/// <summary>Mints Host's own access tokens (contract §4): <c>typ at+jwt</c>, ES256 with Host's key ring, at most 15 minutes.</summary>
public sealed class AccessTokenIssuer(HostKeyRing keyRing, TimeProvider time, IOptions<SessionOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string NewSessionId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>Issues a token for <paramref name="session"/>, never outliving the session's maximum lifetime.</summary>
    public IssuedAccessToken Issue(ChatSession session)
    {
        var now = time.GetUtcNow();
        var expires = Min(now + options.Value.AccessTokenLifetime, session.SessionExpiresAt);
        var claims = new Dictionary<string, object>
        {
            [AccessTokenClaims.SessionId] = session.SessionId,
            [AccessTokenClaims.Platform] = session.PlatformId,
            [AccessTokenClaims.Profile] = session.ProfileId,
            [AccessTokenClaims.Generation] = session.Generation.ToString(CultureInfo.InvariantCulture),
            [AccessTokenClaims.SessionExpiresAt] = session.SessionExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            [JwtRegisteredClaimNames.Jti] = NewSessionId(),
        };
        if (session.Origin is not null) claims[AccessTokenClaims.Origin] = session.Origin;
        if (session.LearnerHash is not null) claims[AccessTokenClaims.LearnerHash] = session.LearnerHash;

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = AccessTokenValidation.TokenType,
            Claims = claims,
            SigningCredentials = keyRing.SigningCredentials,
        });
        return new IssuedAccessToken(token, (int)Math.Floor((expires - now).TotalSeconds));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
