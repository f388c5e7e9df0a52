using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Observability;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The three ways to obtain an access token: exchanging a platform's launch token, refreshing a live access
/// token, and the team password. Callers learn only "invalid_grant"; the precise reason goes to the log.
/// </summary>
public sealed partial class TokenExchange(
    ILiveConfiguration configuration,
    LaunchTokenValidator launchTokens,
    ILaunchTokenReplayStore replayStore,
    AccessTokenValidation accessTokens,
    AccessTokenIssuer issuer,
    LearnerHasher learnerHasher,
    TimeProvider time,
    IOptions<SessionOptions> options,
    ChatWidgetMetrics metrics,
    ILogger<TokenExchange> logger)
{
    public async Task<IResult> LaunchAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (request.Platform is null || request.Origin is null)
            return Error(TokenError.InvalidRequest("platform and origin are required."));

        var snapshot = await configuration.CurrentAsync(cancellationToken);
        if (!snapshot.Platforms.TryGetValue(request.Platform, out var platform) || !platform.Enabled)
            return Refuse(request.Platform, platform is null ? "unknown platform" : "platform disabled");
        if (!platform.AllowedOrigins.Contains(request.Origin, StringComparer.OrdinalIgnoreCase))
            return OriginRefused(request.Platform, "embedding origin not allowed for the platform");

        var verdict = await launchTokens.ValidateAsync(request.SubjectToken, platform, request.Origin, cancellationToken);
        if (verdict.Claims is not { } claims) return Refuse(platform.Id, $"launch token {verdict.Failure}");
        bool firstUse;
        try
        {
            firstUse = await replayStore.TryConsumeAsync(platform.Id, claims.TokenId, claims.ExpiresAt, cancellationToken);
        }
        catch (ReplayStoreUnavailableException e)
        {
            // Fail closed: without the shared replay store a launch token could be exchanged once per instance.
            logger.LogWarning("Launch for platform {Platform} refused: the replay store is unreachable", platform.Id);
            return new RetryLaterResult(e.RetryAfter,
                Results.Json(TokenError.TemporarilyUnavailable, statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        if (!firstUse) return Refuse(platform.Id, $"launch token {LaunchTokenFailure.Replayed}");

        var profile = ChooseProfile(platform, claims.ProfileId ?? request.Profile, snapshot);
        if (profile is null) return Refuse(platform.Id, "the platform's default profile does not exist");

        return StartSession(platform.Id, profile, request.Origin, learnerHasher.Hash(platform.Id, claims.Subject), platform.Generation);
    }

    /// <summary>
    /// Opens a learner session of a verified launch (a launch token, or an LTI launch code) and answers with its first
    /// access token. Every grant goes through here, so revocation, limits and budgets need nothing grant-specific.
    /// </summary>
    /// <param name="origin">The embedding origin the session is bound to; null for a page on Host's own origin (LTI).</param>
    public IResult StartSession(string platformId, string profileId, string? origin, string learnerHash, long generation)
    {
        var session = new ChatSession(AccessTokenIssuer.NewSessionId(), platformId, profileId, origin, learnerHash, generation,
            time.GetUtcNow() + options.Value.SessionLifetime);
        logger.LogInformation("Session {SessionId} launched for platform {Platform} with profile {Profile}", session.SessionId, platformId, profileId);
        metrics.Launched(platformId);
        return Issue(session);
    }

    public async Task<IResult> RefreshAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var session = await accessTokens.ValidateAsync(request.SubjectToken, cancellationToken);
        if (session is null) return Refuse(request.Platform, "refresh with an invalid or expired access token");
        if (request.Platform is not null && request.Platform != session.PlatformId)
            return Refuse(request.Platform, "refresh for another platform than the session's");
        if (session.Origin is not null && !string.Equals(request.Origin, session.Origin, StringComparison.OrdinalIgnoreCase))
            return OriginRefused(session.PlatformId, "refresh from another origin than the session's");
        if (time.GetUtcNow() >= session.SessionExpiresAt)
            return Refuse(session.PlatformId, "session reached its maximum lifetime");

        var revocation = SessionGrant.RevocationReason(session, await configuration.CurrentAsync(cancellationToken));
        if (revocation is not null) return Refuse(session.PlatformId, revocation);

        return Issue(session);
    }

    public async Task<IResult> TeamAsync(TokenRequest request, string hostOrigin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Password)) return Error(TokenError.InvalidRequest("password is required."));
        if (request.Origin is not null && !string.Equals(request.Origin, hostOrigin, StringComparison.OrdinalIgnoreCase))
            return OriginRefused(ChatSession.TeamPlatformId, "team sessions are bound to Host's own origin");

        var snapshot = await configuration.CurrentAsync(cancellationToken);
        var team = snapshot.Team;
        if (!team.Enabled || team.PasswordHash is null || team.ProfileId is null) return Refuse(ChatSession.TeamPlatformId, "team access is switched off");
        if (!TeamPasswordHasher.Verify(team.PasswordHash, request.Password)) return Refuse(ChatSession.TeamPlatformId, "wrong team password");
        if (!snapshot.Profiles.ContainsKey(team.ProfileId)) return Refuse(ChatSession.TeamPlatformId, "the team profile does not exist");

        var session = new ChatSession(AccessTokenIssuer.NewSessionId(), ChatSession.TeamPlatformId, team.ProfileId, request.Origin,
            null, team.Generation, time.GetUtcNow() + options.Value.SessionLifetime);
        logger.LogInformation("Team session {SessionId} started with profile {Profile}", session.SessionId, team.ProfileId);
        metrics.Launched(ChatSession.TeamPlatformId);
        return Issue(session);
    }

    /// <summary>The requested profile when the platform allows it, else the platform's default (contract §2).</summary>
    private static string? ChooseProfile(PlatformSettings platform, string? requested, ConfigurationSnapshot snapshot)
    {
        if (requested is not null && platform.Profiles.Contains(requested, StringComparer.Ordinal) && snapshot.Profiles.ContainsKey(requested))
            return requested;
        return snapshot.Profiles.ContainsKey(platform.DefaultProfile) ? platform.DefaultProfile : null;
    }

    private IResult Issue(ChatSession session)
    {
        var token = issuer.Issue(session);
        return Results.Json(new TokenResponse(token.Token, token.ExpiresInSeconds));
    }

    /// <summary>400 invalid_grant to the caller; the precise reason to the log.</summary>
    public IResult Refuse(string? platform, string reason)
    {
        LogRefusal(platform, reason);
        return Error(TokenError.InvalidGrant);
    }

    /// <summary>403 for an origin the grant does not allow; the precise reason to the log.</summary>
    public IResult OriginRefused(string? platform, string reason)
    {
        LogRefusal(platform, reason);
        return Results.Json(TokenError.OriginNotAllowed, statusCode: StatusCodes.Status403Forbidden);
    }

    // The platform field is caller-controlled: only a well-formed id reaches the log, never arbitrary text.
    private void LogRefusal(string? platform, string reason)
    {
        // The reasons are this class's own fixed sentences: a bounded label, never caller text.
        metrics.TokenRefused(reason);
        logger.LogInformation("Token request for platform {Platform} refused: {Reason}",
            platform is null || PlatformIdPattern().IsMatch(platform) ? platform : "(malformed id)", reason);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex PlatformIdPattern();

    private static IResult Error(TokenError error) => Results.Json(error, statusCode: StatusCodes.Status400BadRequest);
}
