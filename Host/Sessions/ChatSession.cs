using System.Globalization;
using System.Security.Claims;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Sessions;

/// <summary>What an access token says about the session that carries it.</summary>
/// <param name="PlatformId">The launching platform's id, or <see cref="TeamPlatformId"/>.</param>
/// <param name="Origin">The embedding origin the session is bound to; null when none was bound (API clients).</param>
/// <param name="LearnerHash">Keyed hash of the launch token's sub; null for team sessions.</param>
/// <param name="Generation">The grant's generation at issue; a later generation revokes the session.</param>
public sealed record ChatSession(
    string SessionId,
    string PlatformId,
    string ProfileId,
    string? Origin,
    string? LearnerHash,
    long Generation,
    DateTimeOffset SessionExpiresAt)
{
    public const string TeamPlatformId = TeamAccessSettings.PlatformId;

    public bool IsTeam => PlatformId == TeamPlatformId;

    public static ChatSession? FromPrincipal(ClaimsPrincipal principal)
    {
        string? Claim(string type) => principal.FindFirst(type)?.Value;

        var sessionId = Claim(AccessTokenClaims.SessionId);
        var platform = Claim(AccessTokenClaims.Platform);
        var profile = Claim(AccessTokenClaims.Profile);
        if (sessionId is null || platform is null || profile is null
            || !long.TryParse(Claim(AccessTokenClaims.Generation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var generation)
            || !long.TryParse(Claim(AccessTokenClaims.SessionExpiresAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sessionExp))
        {
            return null;
        }

        return new ChatSession(sessionId, platform, profile, Claim(AccessTokenClaims.Origin), Claim(AccessTokenClaims.LearnerHash),
            generation, DateTimeOffset.FromUnixTimeSeconds(sessionExp));
    }
}
