using System.Text.Json;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// The part of a platform's OpenID configuration (LTI Dynamic Registration 1.0 §3.5) a registration uses. Parsing
/// checks what the spec requires of it and names the first member that is wrong, for the administrator to pass on.
/// </summary>
/// <param name="IdTokenAlgorithms"><c>id_token_signing_alg_values_supported</c>, or null when absent.</param>
/// <param name="ProductFamilyCode">From <c>https://purl.imsglobal.org/spec/lti-platform-configuration</c> (e.g. <c>moodle</c>).</param>
public sealed record PlatformOpenIdConfiguration(
    string Issuer,
    Uri AuthorizationEndpoint,
    Uri RegistrationEndpoint,
    Uri JwksUri,
    Uri TokenEndpoint,
    IReadOnlyList<string>? IdTokenAlgorithms,
    string? ProductFamilyCode)
{
    public const string PlatformConfigurationMember = "https://purl.imsglobal.org/spec/lti-platform-configuration";

    private const string Check =
        "Check that the platform supports LTI Dynamic Registration 1.0 (Moodle 4.x, Canvas) and that its site address is its public https address.";

    /// <param name="fetchedFrom">Where the document came from: the issuer must be on the same host (spec §3.5.1).</param>
    /// <exception cref="DynamicRegistrationException">The document is not a usable OpenID configuration.</exception>
    public static PlatformOpenIdConfiguration Parse(byte[] json, Uri fetchedFrom)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw Invalid("is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("is not a JSON object");

            var issuer = Text(root, "issuer");
            if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUrl) || !RegistrationUrls.IsAcceptable(issuerUrl)
                || issuerUrl.Query.Length > 0 || issuerUrl.Fragment.Length > 0)
                throw Invalid("has no issuer that is an https URL without query or fragment", "issuer");

            // An OpenID configuration speaks only for its own host: otherwise any site could claim another platform's issuer.
            if (!string.Equals(issuerUrl.IdnHost, fetchedFrom.IdnHost, StringComparison.OrdinalIgnoreCase))
            {
                throw new DynamicRegistrationException(
                    $"The platform's OpenID configuration was served by {fetchedFrom.IdnHost}, but names the issuer {issuer}. " +
                    "LTI Dynamic Registration requires the configuration to be on the issuer's host: check the platform's issuer (site address) setting.",
                    $"OpenID configuration from host {fetchedFrom.IdnHost} names issuer {issuer} on another host",
                    StatusCodes.Status400BadRequest);
            }

            if (!root.TryGetProperty(PlatformConfigurationMember, out var lti) || lti.ValueKind != JsonValueKind.Object)
                throw Invalid("has no LTI platform configuration", PlatformConfigurationMember);
            string? productFamily = null;
            if (lti.TryGetProperty("product_family_code", out var family))
            {
                if (family.ValueKind != JsonValueKind.String) throw Invalid("has a product_family_code that is not text", "product_family_code");
                productFamily = family.GetString();
            }

            return new PlatformOpenIdConfiguration(
                issuer!,
                Endpoint(root, "authorization_endpoint"),
                Endpoint(root, "registration_endpoint"),
                Endpoint(root, "jwks_uri"),
                Endpoint(root, "token_endpoint"),
                Algorithms(root),
                productFamily);
        }
    }

    private static Uri Endpoint(JsonElement root, string member) =>
        RegistrationUrls.Parse(Text(root, member)) ?? throw Invalid("has no " + member + " that is an https URL", member);

    private static IReadOnlyList<string>? Algorithms(JsonElement root)
    {
        const string member = "id_token_signing_alg_values_supported";
        if (!root.TryGetProperty(member, out var values)) return null;
        if (values.ValueKind != JsonValueKind.Array || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw Invalid("has an " + member + " that is not a list of names", member);
        return values.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    private static string? Text(JsonElement root, string member) =>
        root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DynamicRegistrationException Invalid(string problem, string? member = null) => new(
        $"The platform's OpenID configuration {problem}{(member is null ? "" : $" ({member})")}. {Check}",
        $"OpenID configuration {problem}{(member is null ? "" : $" (member {member})")}");
}
