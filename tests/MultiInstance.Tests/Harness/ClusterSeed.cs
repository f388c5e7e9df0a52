using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// The seed file every instance of a cluster starts with (README, "The seed file"): the offline model, a profile that
/// answers from one knowledge entry, a partner platform signing launch tokens with an HS256 secret, and team access.
/// With <see cref="UpstreamBaseUrl"/> it adds an OpenAI-compatible model at that address and a profile using it.
/// The test holds the platform's secret and mints its launch tokens, as the partner's server would.
/// </summary>
public sealed class ClusterSeed
{
    public const string PlatformId = "lms";
    public const string Origin = "https://lms.example.test";
    public const string Issuer = "https://lms.example.test";
    public const string Audience = "chatwidget";
    public const string ProfileId = "support";
    public const string UpstreamProfileId = "upstream";
    public const string TeamPassword = "cluster team password 2026";
    public const string Question = "When is the essay due?";

    /// <summary>A learning platform launching ChatWidget by LTI 1.3, signing id_tokens with <see cref="LtiKey"/>.</summary>
    public const string LtiPlatformId = "moodle";
    public const string LtiIssuer = "https://moodle.example.test";
    public const string LtiClientId = "cluster-client";
    public const string LtiDeploymentId = "1";
    public const string LtiAuthorizationUrl = "https://moodle.example.test/mod/lti/auth.php";

    /// <summary>The offline responder streams it word by word (ChatWidget:Llm:OfflineWordDelayMilliseconds apart).</summary>
    public const string Answer =
        "The essay is due on Friday at noon. Upload it on the course page as a PDF, and write your student number on the first page.";

    /// <summary>The HS256 secret: its UTF-8 bytes are the key (64 hex characters, 256 bits).</summary>
    public string SharedSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The LTI platform's private key (RS256); the seed registers its public half.</summary>
    public RSA LtiKey { get; } = RSA.Create(2048);

    /// <summary>An OpenAI-compatible base URL (with /v1): adds model <c>upstream</c> and profile <see cref="UpstreamProfileId"/>.</summary>
    public Uri? UpstreamBaseUrl { get; init; }

    public string ToJson()
    {
        var models = new JsonArray { new JsonObject { ["id"] = "offline", ["provider"] = "offline" } };
        var profiles = new JsonArray { Profile(ProfileId, "offline") };
        var platformProfiles = new JsonArray { ProfileId };
        if (UpstreamBaseUrl is not null)
        {
            models.Add(new JsonObject
            {
                ["id"] = "upstream", ["provider"] = "openai", ["baseUrl"] = UpstreamBaseUrl.ToString().TrimEnd('/'),
                ["apiKey"] = "sk-cluster-test", ["model"] = "gpt-test", ["contextWindow"] = 128000,
            });
            profiles.Add(Profile(UpstreamProfileId, "upstream"));
            platformProfiles.Add(UpstreamProfileId);
        }

        var seed = new JsonObject
        {
            ["models"] = models,
            ["profiles"] = profiles,
            ["platforms"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = PlatformId, ["issuer"] = Issuer, ["audience"] = Audience, ["algorithms"] = new JsonArray { "HS256" },
                    ["sharedSecret"] = SharedSecret, ["allowedOrigins"] = new JsonArray { Origin }, ["profiles"] = platformProfiles,
                    ["defaultProfile"] = ProfileId, ["enabled"] = true,
                },
                new JsonObject
                {
                    ["id"] = LtiPlatformId, ["issuer"] = LtiIssuer, ["algorithms"] = new JsonArray { "RS256" },
                    ["publicKeyPem"] = LtiKey.ExportSubjectPublicKeyInfoPem(), ["allowedOrigins"] = new JsonArray { LtiIssuer },
                    ["profiles"] = new JsonArray { ProfileId }, ["defaultProfile"] = ProfileId, ["enabled"] = true,
                    ["lti"] = new JsonObject
                    {
                        ["clientId"] = LtiClientId, ["deploymentIds"] = new JsonArray { LtiDeploymentId },
                        ["authorizationUrl"] = LtiAuthorizationUrl,
                    },
                },
            },
            ["team"] = new JsonObject { ["enabled"] = true, ["password"] = TeamPassword, ["profile"] = ProfileId },
        };
        return seed.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A fresh launch token for <paramref name="subject"/>, valid for two minutes, with a new <c>jti</c> unless <paramref name="tokenId"/> is given.</summary>
    public string MintLaunchToken(string? subject = null, string? profile = null, string? tokenId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = subject ?? "learner-" + Guid.NewGuid().ToString("N")[..8],
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
            ["jti"] = tokenId ?? Guid.NewGuid().ToString("N"),
        };
        if (profile is not null) claims["profile"] = profile;
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SharedSecret), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The id_token the LTI platform posts to <paramref name="hostOrigin"/>/lti/launch for one login's nonce.</summary>
    public string MintLtiIdToken(string nonce, string hostOrigin, string subject, string? name = null)
    {
        var now = DateTimeOffset.UtcNow;
        const string lti = "https://purl.imsglobal.org/spec/lti/claim/";
        var claims = new JsonObject
        {
            ["iss"] = LtiIssuer,
            ["aud"] = LtiClientId,
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(1).ToUnixTimeSeconds(),
            ["nonce"] = nonce,
            ["name"] = name,
            [lti + "message_type"] = "LtiResourceLinkRequest",
            [lti + "version"] = "1.3.0",
            [lti + "deployment_id"] = LtiDeploymentId,
            [lti + "target_link_uri"] = hostOrigin + "/lti/launch",
            [lti + "resource_link"] = new JsonObject { ["id"] = "link-1" },
            [lti + "roles"] = new JsonArray { "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner" },
        };
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = LtiKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static JsonObject Profile(string id, string model) => new()
    {
        ["id"] = id,
        ["title"] = $"Course assistant ({id})",
        ["instructions"] = "You are the course assistant.",
        ["model"] = model,
        ["knowledge"] = new JsonArray { new JsonObject { ["q"] = Question, ["a"] = Answer } },
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
