using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Lti;

/// <summary>
/// Checks the id_token of an LTI 1.3 launch (LTI Security Framework §5.1.3, contract §8): signed by the platform with
/// an asymmetric key, <c>iss</c>, <c>aud</c>/<c>azp</c> naming ChatWidget's client id, the time rules of contract §2,
/// the nonce of this login, and a resource link launch of LTI 1.3.0 from a registered deployment to Host itself.
/// </summary>
internal sealed class LtiIdTokenValidator(PlatformJwsVerifier verifier, TimeProvider time, IOptions<Sessions.SessionOptions> options)
{
    // A platform signs with its private key; a shared secret (HS256) is never an LTI key, even if the platform has one.
    private static readonly string[] Algorithms = ["RS256", "ES256"];

    public async Task<(LtiLaunchClaims? Claims, string? Failure)> ValidateAsync(string idToken, PlatformSettings platform, LtiRegistration lti,
        string expectedNonce, string hostOrigin, CancellationToken cancellationToken)
    {
        var run = new TokenCheckRun();
        using var jws = await verifier.VerifyAsync(idToken, platform, Algorithms, run, cancellationToken);
        if (jws is null) return (null, run.FailureReason);
        var payload = jws.Payload;

        if (TokenLifetimeRules.StringClaim(payload, "iss") != platform.Issuer) return (null, "iss is not the platform's issuer");
        var audiences = TokenLifetimeRules.Audiences(payload);
        if (audiences is null || !audiences.Contains(lti.ClientId, StringComparer.Ordinal)) return (null, "aud does not contain the client id");
        var authorizedParty = TokenLifetimeRules.StringClaim(payload, "azp");
        if (audiences.Count > 1 && authorizedParty is null) return (null, "several audiences without azp");
        if (authorizedParty is not null && authorizedParty != lti.ClientId) return (null, "azp is not the client id");

        if (TokenLifetimeRules.Check(run, payload, platform, time.GetUtcNow(), options.Value.LaunchTokenClockSkew) is null)
            return (null, run.FailureReason);

        if (!SameSecret(TokenLifetimeRules.StringClaim(payload, "nonce"), expectedNonce)) return (null, "nonce missing or not the one of this login");
        if (TokenLifetimeRules.StringClaim(payload, LtiClaims.MessageType) != LtiClaims.ResourceLinkRequest) return (null, "message_type is not LtiResourceLinkRequest");
        if (TokenLifetimeRules.StringClaim(payload, LtiClaims.Version) != LtiClaims.Version13) return (null, "version is not 1.3.0");
        if (TokenLifetimeRules.StringClaim(payload, LtiClaims.DeploymentId) is not { } deployment || !lti.DeploymentIds.Contains(deployment, StringComparer.Ordinal))
            return (null, "deployment_id missing or not registered");
        if (!LtiTargetLink.IsOnHost(TokenLifetimeRules.StringClaim(payload, LtiClaims.TargetLinkUri), hostOrigin))
            return (null, "target_link_uri is not on Host");

        var subject = TokenLifetimeRules.StringClaim(payload, "sub");
        if (string.IsNullOrEmpty(subject) || subject.Length > 255) return (null, "sub missing or longer than 255 characters (anonymous launches are not supported)");

        return (new LtiLaunchClaims(subject, Roles(payload), CustomProfile(payload), Locale(payload)), null);
    }

    private static bool SameSecret(string? value, string expected) =>
        value is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(expected));

    private static List<string> Roles(JsonElement payload) =>
        payload.TryGetProperty(LtiClaims.Roles, out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).Take(64).ToList()
            : [];

    private static string? CustomProfile(JsonElement payload) =>
        payload.TryGetProperty(LtiClaims.Custom, out var custom) && custom.ValueKind == JsonValueKind.Object
            ? TokenLifetimeRules.StringClaim(custom, LtiToolPaths.ProfileParameter)
            : null;

    private static string? Locale(JsonElement payload)
    {
        var locale = payload.TryGetProperty(LtiClaims.LaunchPresentation, out var presentation) && presentation.ValueKind == JsonValueKind.Object
            ? TokenLifetimeRules.StringClaim(presentation, "locale")
            : TokenLifetimeRules.StringClaim(payload, "locale");
        // Only a language tag goes into the page; anything else is dropped.
        return locale is { Length: <= 35 } && locale.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? locale.Replace('_', '-') : null;
    }
}
