using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// The client registration ChatWidget sends to a platform (LTI Dynamic Registration 1.0 §3.6, OpenID Connect Dynamic
/// Client Registration): an LTI 1.3 tool that receives resource link launches at Host's launch URL and publishes its
/// keys at Host's JWKS URL. It asks for no LTI Advantage service (empty scope) and only the claims it needs: the issuer
/// and the learner's opaque id, never names, emails or roles beyond what every launch carries.
/// </summary>
public static class ToolRegistrationRequest
{
    public const string ToolConfigurationMember = "https://purl.imsglobal.org/spec/lti-tool-configuration";
    public const string ClientName = "ChatWidget";

    public static JsonObject For(Uri hostOrigin)
    {
        var origin = hostOrigin.GetLeftPart(UriPartial.Authority);
        var launch = origin + LtiToolPaths.Launch;
        return new JsonObject
        {
            ["application_type"] = "web",
            ["response_types"] = new JsonArray("id_token"),
            ["grant_types"] = new JsonArray("implicit", "client_credentials"),
            ["initiate_login_uri"] = origin + LtiToolPaths.Login,
            ["redirect_uris"] = new JsonArray(launch),
            ["client_name"] = ClientName,
            ["jwks_uri"] = origin + LtiToolPaths.Jwks,
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["scope"] = "",
            [ToolConfigurationMember] = new JsonObject
            {
                // Host and port as in the URLs above: platforms match launch URLs against it.
                ["domain"] = hostOrigin.Authority,
                ["target_link_uri"] = launch,
                ["claims"] = new JsonArray("iss", "sub"),
                ["messages"] = new JsonArray(new JsonObject
                {
                    ["type"] = "LtiResourceLinkRequest",
                    ["target_link_uri"] = launch,
                    ["label"] = ClientName,
                }),
            },
        };
    }
}
