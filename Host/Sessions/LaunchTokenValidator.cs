using System.Text.Json;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Checks a platform-signed launch token (contract §2) step by step, recording each check so that the
/// admin's token tester can show exactly which one failed. It does not consume the <c>jti</c>: the token
/// exchange does that once every check has passed, so invalid tokens cannot burn valid ids.
/// </summary>
public sealed class LaunchTokenValidator(PlatformJwsVerifier verifier, TimeProvider time, IOptions<SessionOptions> options)
{
    private static readonly string[] Algorithms = ["RS256", "ES256", "HS256"];

    public async Task<LaunchTokenVerdict> ValidateAsync(string token, PlatformSettings platform, string? embeddingOrigin,
        CancellationToken cancellationToken)
    {
        var run = new TokenCheckRun();
        using var jws = await verifier.VerifyAsync(token, platform, Algorithms, run, cancellationToken);
        var claims = jws is null ? null : CheckClaims(run, jws.Payload, platform, embeddingOrigin, options.Value);
        return new LaunchTokenVerdict(claims, run.Failure, run.Checks);
    }

    private LaunchClaims? CheckClaims(TokenCheckRun run, JsonElement payload, PlatformSettings platform, string? embeddingOrigin,
        SessionOptions settings)
    {
        var issuer = TokenLifetimeRules.StringClaim(payload, "iss");
        if (issuer != platform.Issuer)
            return Refused(run.Fail("issuer", LaunchTokenFailure.WrongIssuer, $"iss \"{issuer ?? "(missing)"}\" is not the platform's issuer \"{platform.Issuer}\"."));
        run.Pass("issuer", "Matches the platform's issuer.");

        var audiences = TokenLifetimeRules.Audiences(payload);
        if (audiences is null || !audiences.Contains(platform.Audience))
            return Refused(run.Fail("audience", LaunchTokenFailure.WrongAudience, $"aud must contain \"{platform.Audience}\"."));
        if (audiences.Any(a => a != platform.Audience))
            return Refused(run.Fail("audience", LaunchTokenFailure.WrongAudience, "aud names other audiences too; a launch token is for ChatWidget only."));
        run.Pass("audience", $"\"{platform.Audience}\".");

        var subject = TokenLifetimeRules.StringClaim(payload, "sub");
        var tokenId = TokenLifetimeRules.StringClaim(payload, "jti");
        foreach (var (name, value) in new[] { ("sub", subject), ("jti", tokenId) })
        {
            if (string.IsNullOrEmpty(value)) return Refused(run.Fail(name, LaunchTokenFailure.MissingClaim, $"{name} is required and must be a non-empty string."));
            if (value.Length > 256) return Refused(run.Fail(name, LaunchTokenFailure.InvalidClaim, $"{name} is longer than 256 characters."));
        }
        run.Pass("sub", "Present (never stored or logged).");
        run.Pass("jti", "Present.");

        if (TokenLifetimeRules.Check(run, payload, platform, time.GetUtcNow(), settings.LaunchTokenClockSkew) is not { } expires) return null;

        var profile = payload.TryGetProperty("profile", out var profileValue) ? profileValue : default;
        if (profile.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.String or JsonValueKind.Null))
            return Refused(run.Fail("profile", LaunchTokenFailure.InvalidClaim, "profile must be a string."));
        run.Pass("profile", "Well-formed.");

        var originClaim = payload.TryGetProperty("origin", out var originValue) ? originValue : default;
        if (originClaim.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null)
            && (originClaim.ValueKind != JsonValueKind.String || originClaim.GetString() != embeddingOrigin))
            return Refused(run.Fail("origin", LaunchTokenFailure.OriginClaimMismatch, "The origin claim is not the embedding origin."));
        run.Pass("origin", originClaim.ValueKind == JsonValueKind.String ? "Matches the embedding origin." : "Absent.");

        return new LaunchClaims(subject!, tokenId!, expires,
            profile.ValueKind == JsonValueKind.String ? profile.GetString() : null,
            originClaim.ValueKind == JsonValueKind.String ? originClaim.GetString() : null);
    }

    private static LaunchClaims? Refused(bool _) => null;
}
