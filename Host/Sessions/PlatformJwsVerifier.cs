using System.Text;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The checks every token a platform signs goes through before its claims are read: launch tokens (contract §2) and
/// LTI id_tokens (§8). Size, compact form, an algorithm the platform is registered with, no critical extension Host does
/// not understand, not one of Host's own access tokens, the key it names, and the signature. Headers that point
/// elsewhere for keys (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>) are never followed.
/// </summary>
public sealed class PlatformJwsVerifier(PlatformKeyResolver keys, IOptions<SessionOptions> options)
{
    private static readonly string[] KeyPointingHeaders = ["jku", "x5u", "jwk", "x5c"];

    /// <param name="algorithms">The algorithms this kind of token may use; each must also be registered for the platform.</param>
    /// <returns>The verified token (the caller disposes it), or null with the failure recorded in <paramref name="run"/>.</returns>
    public async Task<CompactJws?> VerifyAsync(string token, PlatformSettings platform, IReadOnlyCollection<string> algorithms,
        TokenCheckRun run, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxTokenBytes;
        if (Encoding.UTF8.GetByteCount(token) > maxBytes)
            return Refused(run.Fail("size", LaunchTokenFailure.TooLarge, $"The token is larger than {maxBytes} bytes."));
        run.Pass("size", "Within the size limit.");

        if (!CompactJws.TryParse(token, out var jws))
            return Refused(run.Fail("format", LaunchTokenFailure.Malformed, "Not a compact JWS: three base64url parts with JSON objects in the first two."));
        run.Pass("format", "A compact JWS with a JSON header and payload.");

        if (!await SignedByPlatformAsync(jws!, platform, algorithms, run, cancellationToken))
        {
            jws!.Dispose();
            return null;
        }

        return jws;
    }

    private async Task<bool> SignedByPlatformAsync(CompactJws jws, PlatformSettings platform, IReadOnlyCollection<string> algorithms,
        TokenCheckRun run, CancellationToken cancellationToken)
    {
        var algorithm = jws.HeaderString("alg");
        if (algorithm is null || !platform.Algorithms.Contains(algorithm, StringComparer.Ordinal) || !algorithms.Contains(algorithm))
            return run.Fail("algorithm", LaunchTokenFailure.AlgorithmNotAllowed,
                $"Header alg \"{algorithm ?? "(missing)"}\" is not one this platform is registered with for this token " +
                $"({string.Join(", ", platform.Algorithms.Where(algorithms.Contains))}).");
        run.Pass("algorithm", $"{algorithm} is registered for this platform.");

        // RFC 7515 §4.1.11: a recipient that does not understand a listed extension must refuse the JWS. Host knows none.
        if (jws.Header.TryGetProperty("crit", out _))
            return run.Fail("critical headers", LaunchTokenFailure.UnsupportedCriticalHeader, "The header lists critical extensions (crit); Host understands none.");

        if (string.Equals(jws.HeaderString("typ"), "at+jwt", StringComparison.OrdinalIgnoreCase))
            return run.Fail("type", LaunchTokenFailure.WrongTokenType, "This is an access token (typ at+jwt), not a platform's token.");
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
                : $"No {algorithm} key with kid \"{kid}\" is registered for this platform (its JWKS is refetched at most every {options.Value.JwksRefetchIntervalSeconds} s).");
        run.Pass("key", $"{candidates.Count} candidate key(s).");

        if (!candidates.Any(k => k.Verify(jws.SigningInput, jws.Signature)))
            return run.Fail("signature", LaunchTokenFailure.BadSignature, "The signature does not verify with the platform's key.");
        run.Pass("signature", "Verified.");
        return true;
    }

    private static CompactJws? Refused(bool _) => null;
}
