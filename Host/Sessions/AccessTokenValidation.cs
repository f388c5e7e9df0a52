using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The one definition of a valid access token, shared by the JWT bearer handler (chat requests) and the
/// refresh grant, so that both accept exactly the same tokens.
/// </summary>
public sealed class AccessTokenValidation(HostKeyRing keyRing, TimeProvider time, IOptions<SessionOptions> options)
{
    public const string TokenType = "at+jwt";
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = [TokenType],
        IssuerSigningKeyResolver = (_, _, _, _) => keyRing.ValidationKeys,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(options.Value.AccessTokenClockSkewSeconds),
        // Lifetime is checked against the injected clock, so expiry behaves the same in tests and production.
        LifetimeValidator = (notBefore, expires, _, parameters) => WithinLifetime(notBefore, expires, parameters.ClockSkew),
        NameClaimType = AccessTokenClaims.SessionId,
    };

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp + skew && (notBefore is not { } nbf || nbf <= now + skew);
    }

    /// <summary>Validates an access token presented to the refresh grant; null when it is not one Host issued or it expired.</summary>
    public async Task<ChatSession?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > options.Value.MaxTokenBytes) return null;
        cancellationToken.ThrowIfCancellationRequested();
        var result = await _handler.ValidateTokenAsync(token, Parameters());
        return result.IsValid ? ChatSession.FromPrincipal(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }
}
