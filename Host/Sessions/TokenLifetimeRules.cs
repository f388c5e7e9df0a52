using System.Text.Json;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// The time rules of contract §2, shared by launch tokens and LTI id_tokens: <c>exp</c> and <c>iat</c> required,
/// <c>nbf</c> honoured, each within the clock skew, and <c>exp - iat</c> at most the platform's maximum lifetime.
/// </summary>
public static class TokenLifetimeRules
{
    /// <returns>The token's expiry, or null with the failure recorded in <paramref name="run"/>.</returns>
    public static DateTimeOffset? Check(TokenCheckRun run, JsonElement payload, PlatformSettings platform, DateTimeOffset now, TimeSpan skew)
    {
        var times = new Dictionary<string, DateTimeOffset?>();
        foreach (var name in new[] { "exp", "iat", "nbf" })
        {
            if (!payload.TryGetProperty(name, out var value))
            {
                if (name != "nbf") return Refused(run.Fail(name, LaunchTokenFailure.MissingClaim, $"{name} is required."));
                times[name] = null;
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds is < 0 or > 253402300799)
                return Refused(run.Fail(name, LaunchTokenFailure.InvalidClaim, $"{name} must be a NumericDate (seconds since 1970)."));
            times[name] = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        var (expires, issued, notBefore) = (times["exp"]!.Value, times["iat"]!.Value, times["nbf"]);
        if (expires <= now - skew) return Refused(run.Fail("exp", LaunchTokenFailure.Expired, "The token has expired."));
        run.Pass("exp", "Not expired.");
        if (issued > now + skew) return Refused(run.Fail("iat", LaunchTokenFailure.IssuedInFuture, "iat is in the future (beyond the allowed clock skew)."));
        run.Pass("iat", "Not in the future.");
        if (notBefore > now + skew) return Refused(run.Fail("nbf", LaunchTokenFailure.NotYetValid, "nbf is in the future: the token is not valid yet."));
        run.Pass("nbf", notBefore is null ? "Absent." : "Reached.");
        var lifetime = expires - issued;
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromSeconds(platform.MaxLaunchTokenLifetimeSeconds))
            return Refused(run.Fail("lifetime", LaunchTokenFailure.LifetimeTooLong,
                $"exp - iat is {lifetime.TotalSeconds:0} s; the platform allows 1 to {platform.MaxLaunchTokenLifetimeSeconds} s."));
        run.Pass("lifetime", $"{lifetime.TotalSeconds:0} s.");
        return expires;
    }

    /// <summary>A string claim, or null when it is absent or not a string.</summary>
    public static string? StringClaim(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary><c>aud</c> as a list (a string or an array of strings), or null when it is missing or malformed.</summary>
    public static List<string>? Audiences(JsonElement payload)
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

    private static DateTimeOffset? Refused(bool _) => null;
}
