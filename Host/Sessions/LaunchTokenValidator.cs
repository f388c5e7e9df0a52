using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Checks a platform-signed launch token (contract §2) step by step, recording each check so that the
/// admin's token tester can show exactly which one failed. It does not consume the <c>jti</c>: the token
/// exchange does that once every check has passed, so invalid tokens cannot burn valid ids.
/// </summary>
public sealed class LaunchTokenValidator(PlatformKeyResolver keys, TimeProvider time, IOptions<SessionOptions> options)
{
    private static readonly string[] KeyPointingHeaders = ["jku", "x5u", "jwk", "x5c"];

    public async Task<LaunchTokenVerdict> ValidateAsync(string token, PlatformSettings platform, string? embeddingOrigin,
        CancellationToken cancellationToken)
    {
        var run = new CheckRun();
        var settings = options.Value;

        if (Encoding.UTF8.GetByteCount(token) > settings.MaxTokenBytes)
            return run.Fail("size", LaunchTokenFailure.TooLarge, $"The token is larger than {settings.MaxTokenBytes} bytes.");
        run.Pass("size", "Within the size limit.");

        if (!CompactJws.TryParse(token, out var parsed))
            return run.Fail("format", LaunchTokenFailure.Malformed, "Not a compact JWS: three base64url parts with JSON objects in the first two.");
        using var jws = parsed!;
        run.Pass("format", "A compact JWS with a JSON header and payload.");

        var algorithm = jws.HeaderString("alg");
        if (algorithm is null || !platform.Algorithms.Contains(algorithm, StringComparer.Ordinal))
            return run.Fail("algorithm", LaunchTokenFailure.AlgorithmNotAllowed,
                $"Header alg \"{algorithm ?? "(missing)"}\" is not one this platform is registered with ({string.Join(", ", platform.Algorithms)}).");
        run.Pass("algorithm", $"{algorithm} is registered for this platform.");

        if (string.Equals(jws.HeaderString("typ"), "at+jwt", StringComparison.OrdinalIgnoreCase))
            return run.Fail("type", LaunchTokenFailure.WrongTokenType, "This is an access token (typ at+jwt), not a launch token.");
        var ignored = KeyPointingHeaders.Where(h => jws.Header.TryGetProperty(h, out _)).ToList();
        run.Pass("type", ignored.Count == 0 ? "Not an access token." : $"Not an access token. Ignored key headers: {string.Join(", ", ignored)}.");

        var kid = jws.HeaderString("kid");
        if (kid is null && PlatformKeyResolver.RequiresKeyId(platform, keys.RegisteredKeys(platform)))
            return run.Fail("key id", LaunchTokenFailure.KeyIdRequired, "The header must name a kid: this platform has several keys or a JWKS URL.");
        run.Pass("key id", kid is null ? "Not needed: one key." : $"kid \"{kid}\".");

        var candidates = await keys.CandidatesAsync(platform, algorithm, kid, cancellationToken);
        if (candidates.Count == 0)
            return run.Fail("key", LaunchTokenFailure.UnknownKey, kid is null
                ? $"The platform has no {algorithm} key."
                : $"No {algorithm} key with kid \"{kid}\" is registered for this platform (JWKS refetched at most once a minute).");
        run.Pass("key", $"{candidates.Count} candidate key(s).");

        if (!candidates.Any(k => k.Verify(jws.SigningInput, jws.Signature)))
            return run.Fail("signature", LaunchTokenFailure.BadSignature, "The signature does not verify with the platform's key.");
        run.Pass("signature", "Verified.");

        return CheckClaims(run, jws.Payload, platform, embeddingOrigin, settings);
    }

    private LaunchTokenVerdict CheckClaims(CheckRun run, JsonElement payload, PlatformSettings platform, string? embeddingOrigin,
        SessionOptions settings)
    {
        var issuer = StringClaim(payload, "iss");
        if (issuer != platform.Issuer)
            return run.Fail("issuer", LaunchTokenFailure.WrongIssuer, $"iss \"{issuer ?? "(missing)"}\" is not the platform's issuer \"{platform.Issuer}\".");
        run.Pass("issuer", "Matches the platform's issuer.");

        var audiences = Audiences(payload);
        if (audiences is null || !audiences.Contains(platform.Audience))
            return run.Fail("audience", LaunchTokenFailure.WrongAudience, $"aud must contain \"{platform.Audience}\".");
        if (audiences.Any(a => a != platform.Audience))
            return run.Fail("audience", LaunchTokenFailure.WrongAudience, "aud names other audiences too; a launch token is for ChatWidget only.");
        run.Pass("audience", $"\"{platform.Audience}\".");

        var subject = StringClaim(payload, "sub");
        var tokenId = StringClaim(payload, "jti");
        foreach (var (name, value) in new[] { ("sub", subject), ("jti", tokenId) })
        {
            if (string.IsNullOrEmpty(value)) return run.Fail(name, LaunchTokenFailure.MissingClaim, $"{name} is required and must be a non-empty string.");
            if (value.Length > 256) return run.Fail(name, LaunchTokenFailure.InvalidClaim, $"{name} is longer than 256 characters.");
        }
        run.Pass("sub", "Present (never stored or logged).");
        run.Pass("jti", "Present.");

        var now = time.GetUtcNow();
        var skew = settings.LaunchTokenClockSkew;
        var times = new Dictionary<string, DateTimeOffset?>();
        foreach (var name in new[] { "exp", "iat", "nbf" })
        {
            if (!payload.TryGetProperty(name, out var value))
            {
                if (name != "nbf") return run.Fail(name, LaunchTokenFailure.MissingClaim, $"{name} is required.");
                times[name] = null;
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds is < 0 or > 253402300799)
                return run.Fail(name, LaunchTokenFailure.InvalidClaim, $"{name} must be a NumericDate (seconds since 1970).");
            times[name] = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        var (expires, issued, notBefore) = (times["exp"]!.Value, times["iat"]!.Value, times["nbf"]);
        if (expires <= now - skew) return run.Fail("exp", LaunchTokenFailure.Expired, "The token has expired.");
        run.Pass("exp", "Not expired.");
        if (issued > now + skew) return run.Fail("iat", LaunchTokenFailure.IssuedInFuture, "iat is in the future (beyond the allowed clock skew).");
        run.Pass("iat", "Not in the future.");
        if (notBefore > now + skew) return run.Fail("nbf", LaunchTokenFailure.NotYetValid, "nbf is in the future: the token is not valid yet.");
        run.Pass("nbf", notBefore is null ? "Absent." : "Reached.");
        var lifetime = expires - issued;
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromSeconds(platform.MaxLaunchTokenLifetimeSeconds))
            return run.Fail("lifetime", LaunchTokenFailure.LifetimeTooLong,
                $"exp - iat is {lifetime.TotalSeconds:0} s; the platform allows 1 to {platform.MaxLaunchTokenLifetimeSeconds} s.");
        run.Pass("lifetime", $"{lifetime.TotalSeconds:0} s.");

        var profile = payload.TryGetProperty("profile", out var profileValue) ? profileValue : default;
        if (profile.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.String or JsonValueKind.Null))
            return run.Fail("profile", LaunchTokenFailure.InvalidClaim, "profile must be a string.");
        run.Pass("profile", "Well-formed.");

        var originClaim = payload.TryGetProperty("origin", out var originValue) ? originValue : default;
        if (originClaim.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null)
            && (originClaim.ValueKind != JsonValueKind.String || originClaim.GetString() != embeddingOrigin))
            return run.Fail("origin", LaunchTokenFailure.OriginClaimMismatch, "The origin claim is not the embedding origin.");
        run.Pass("origin", originClaim.ValueKind == JsonValueKind.String ? "Matches the embedding origin." : "Absent.");

        var claims = new LaunchClaims(subject!, tokenId!, expires,
            profile.ValueKind == JsonValueKind.String ? profile.GetString() : null,
            originClaim.ValueKind == JsonValueKind.String ? originClaim.GetString() : null);
        return new LaunchTokenVerdict(claims, null, run.Checks);
    }

    private static string? StringClaim(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Audiences(JsonElement payload)
    {
        if (!payload.TryGetProperty("aud", out var aud)) return null;
        if (aud.ValueKind == JsonValueKind.String) return [aud.GetString()!];
        if (aud.ValueKind != JsonValueKind.Array) return null;
        var list = new List<string>();
        foreach (var item in aud.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return null;
            list.Add(item.GetString()!);
        }

        return list;
    }

    private sealed class CheckRun
    {
        public List<LaunchTokenCheck> Checks { get; } = [];

        public void Pass(string name, string detail) => Checks.Add(new LaunchTokenCheck(name, true, detail));

        public LaunchTokenVerdict Fail(string name, LaunchTokenFailure failure, string detail)
        {
            Checks.Add(new LaunchTokenCheck(name, false, detail));
            return new LaunchTokenVerdict(null, failure, Checks);
        }
    }
}
