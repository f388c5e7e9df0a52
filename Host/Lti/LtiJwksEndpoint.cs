using ChatWidget.Host.Sessions;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Lti;

/// <summary><c>GET /lti/jwks</c>: the LTI tool's public keys, which platforms ask for in their tool registration form.</summary>
internal static class LtiJwksEndpoint
{
    public static IResult Handle(HttpContext http, HostKeyRing keyRing)
    {
        // Platforms cache it; a rotated key is published 90 s before it is used, longer than this.
        http.Response.Headers.CacheControl = "public, max-age=60";
        var keys = keyRing.LtiPublicKeys.Select(key => new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["kid"] = key.KeyId,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(key.Parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(key.Parameters.Exponent),
        });
        return Results.Json(new { keys }, contentType: "application/json");
    }
}
