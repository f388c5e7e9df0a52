using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>A valid seed file using every documented field; tests mutate copies of it.</summary>
internal static class SeedFiles
{
    public const string ApiKey = "sk-test-PLAINTEXT-api-key-0123456789";
    public const string SharedSecret = "hs256-PLAINTEXT-shared-secret-0123456789abcdef";
    public const string TeamPassword = "team-PLAINTEXT-password-42";

    public static readonly string EcPublicKeyPem = NewEcPublicKeyPem();
    public static readonly string RsaPublicKeyPem = NewRsaPublicKeyPem();

    public static string NewEcPublicKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static string NewRsaPublicKeyPem()
    {
        using var key = RSA.Create(2048);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    public static JsonObject Valid() => new()
    {
        ["models"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "fast", ["provider"] = "openai", ["baseUrl"] = "http://127.0.0.1:9000/v1",
                ["apiKey"] = ApiKey, ["model"] = "gpt-4o-mini", ["contextWindow"] = 128000,
            },
            new JsonObject { ["id"] = "offline", ["provider"] = "offline" }),
        ["profiles"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "support", ["title"] = "Course assistant", ["instructions"] = "You are helpful.",
                ["model"] = "fast", ["temperature"] = 0.5, ["maxOutputTokens"] = 256,
                ["greeting"] = "Hi! How can I help?", ["starters"] = new JsonArray("What is due this week?", "Explain mitosis"),
                ["theme"] = new JsonObject { ["accent"] = "#112233" }, ["locale"] = "pt-BR", ["disclaimer"] = "AI can be wrong.",
                ["limits"] = new JsonObject { ["maxMessageChars"] = 1000, ["maxMessages"] = 20, ["maxTotalChars"] = 10000 },
                ["knowledge"] = new JsonArray(
                    new JsonObject { ["q"] = "When is the exam?", ["a"] = "On Friday." },
                    new JsonObject { ["q"] = "Where?", ["a"] = "Room 5." }),
            },
            new JsonObject { ["id"] = "biology-101", ["title"] = "Biology", ["model"] = "offline" }),
        ["platforms"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "lms", ["issuer"] = "https://lms.example.edu", ["audience"] = "chatwidget",
                ["algorithms"] = new JsonArray("ES256"), ["publicKeyPem"] = EcPublicKeyPem, ["jwksUrl"] = null, ["sharedSecret"] = null,
                ["allowedOrigins"] = new JsonArray("https://LMS.example.edu:443"), ["profiles"] = new JsonArray("support", "biology-101"),
                ["defaultProfile"] = "support", ["enabled"] = true, ["maxTokenLifetimeSeconds"] = 120,
            },
            new JsonObject
            {
                ["id"] = "moodle", ["issuer"] = "https://moodle.example.org",
                ["algorithms"] = new JsonArray("HS256"), ["sharedSecret"] = SharedSecret,
                ["allowedOrigins"] = new JsonArray("https://moodle.example.org"), ["profiles"] = new JsonArray("biology-101"),
            },
            new JsonObject
            {
                ["id"] = "canvas", ["issuer"] = "https://canvas.example.com",
                ["algorithms"] = new JsonArray("RS256", "ES256"),
                ["keys"] = new JsonArray(
                    new JsonObject { ["kid"] = "rsa-1", ["publicKeyPem"] = RsaPublicKeyPem },
                    new JsonObject { ["kid"] = "ec-1", ["publicKeyPem"] = EcPublicKeyPem }),
                ["allowedOrigins"] = new JsonArray("https://canvas.example.com", "http://localhost:8080"),
                ["profiles"] = new JsonArray("support", "biology-101"), ["defaultProfile"] = "support",
                ["lti"] = new JsonObject
                {
                    ["clientId"] = "10000000000001", ["deploymentIds"] = new JsonArray("1:abc", "2:def"),
                    ["authorizationUrl"] = "https://canvas.example.com/api/lti/authorize_redirect",
                    ["roleProfiles"] = new JsonObject { ["Instructor"] = "biology-101" },
                },
            }),
        ["team"] = new JsonObject { ["enabled"] = true, ["password"] = TeamPassword, ["profile"] = "support" },
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
