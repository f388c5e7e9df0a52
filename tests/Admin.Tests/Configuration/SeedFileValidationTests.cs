using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class SeedFileValidationTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Break, string Message)> Cases = new()
    {
        ["unknown model"] = (s => Profile(s, 0)["model"] = "fast2",
            "profiles[0].model: \"fast2\" is not a model in the seed file or the database"),
        ["short shared secret"] = (s => Platform(s, 1)["sharedSecret"] = "too-short-PLAINTEXT",
            "platforms[1].sharedSecret: HS256 secrets must be at least 256 bits (32 bytes)"),
        ["short secret in keys"] = (s => Platform(s, 1)["keys"] = new JsonArray(new JsonObject { ["kid"] = "k2", ["sharedSecret"] = "short-PLAINTEXT" }),
            "platforms[1].keys[0].sharedSecret: HS256 secrets must be at least 256 bits (32 bytes)"),
        ["alg none"] = (s => Platform(s, 0)["algorithms"] = new JsonArray("none"),
            "platforms[0].algorithms[0]: \"none\" is not supported; use RS256, ES256 or HS256"),
        ["unparseable pem"] = (s => Platform(s, 0)["publicKeyPem"] = "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----",
            "platforms[0].publicKeyPem: is not a PEM public key (-----BEGIN PUBLIC KEY-----) that can be read as RSA or EC"),
        ["private key pem"] = (s => Platform(s, 0)["publicKeyPem"] = PrivateKeyPem(),
            "platforms[0].publicKeyPem: holds a private key; register only the public key"),
        ["rs256 without key"] = (s => Platform(s, 0)["algorithms"] = new JsonArray("ES256", "RS256"),
            "platforms[0].algorithms: RS256 is listed but there is neither an RSA publicKeyPem nor a jwksUrl"),
        ["es256 without key"] = (s => Platform(s, 0).Remove("publicKeyPem"),
            "platforms[0].algorithms: ES256 is listed but there is neither a P-256 EC publicKeyPem nor a jwksUrl"),
        ["hs256 without secret"] = (s => Platform(s, 0)["algorithms"] = new JsonArray("ES256", "HS256"),
            "platforms[0].algorithms: HS256 is listed but there is no sharedSecret"),
        ["origin with path"] = (s => Platform(s, 0)["allowedOrigins"] = new JsonArray("https://lms.example.edu/course"),
            "platforms[0].allowedOrigins[0]: \"https://lms.example.edu/course\" is not an origin of the form scheme://host[:port] without path"),
        ["origin with trailing slash"] = (s => Platform(s, 2)["allowedOrigins"] = new JsonArray("https://canvas.example.com", "https://canvas.example.com/"),
            "platforms[2].allowedOrigins[1]: \"https://canvas.example.com/\" is not an origin of the form scheme://host[:port] without path"),
        ["default profile not listed"] = (s => Platform(s, 0)["defaultProfile"] = "other",
            "platforms[0].defaultProfile: \"other\" is not in this platform's profiles"),
        ["platform profile unknown"] = (s => Platform(s, 1)["profiles"] = new JsonArray("chemistry"),
            "platforms[1].profiles[0]: \"chemistry\" is not a profile in the seed file or the database"),
        ["temperature too high"] = (s => Profile(s, 0)["temperature"] = 2.5,
            "profiles[0].temperature: must be between 0 and 2 (was 2.5)"),
        ["temperature negative"] = (s => Profile(s, 0)["temperature"] = -0.1,
            "profiles[0].temperature: must be between 0 and 2 (was -0.1)"),
        ["bad id"] = (s => Platform(s, 2)["id"] = "Canvas LMS",
            "platforms[2].id: \"Canvas LMS\" is not a valid id; use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"),
        ["reserved team id"] = (s => Platform(s, 2)["id"] = "team",
            "platforms[2].id: \"team\" is reserved for team sessions; choose another platform id"),
        ["id too long"] = (s => Platform(s, 2)["id"] = new string('a', 65),
            $"platforms[2].id: \"{new string('a', 65)}\" is not a valid id"),
        ["missing id"] = (s => Profile(s, 1).Remove("id"), "profiles[1].id: is required"),
        ["duplicate model id"] = (s => ((JsonArray)s["models"]!).Add(new JsonObject { ["id"] = "fast", ["provider"] = "offline" }),
            "models[2].id: \"fast\" is already used by models[0]"),
        ["duplicate platform id"] = (s => Platform(s, 2)["id"] = "lms",
            "platforms[2].id: \"lms\" is already used by platforms[0]"),
        ["unknown provider"] = (s => Model(s, 1)["provider"] = "anthropic",
            "models[1].provider: \"anthropic\" is not a provider; use openai or offline"),
        ["openai without baseUrl"] = (s => Model(s, 0).Remove("baseUrl"), "models[0].baseUrl: is required for provider openai"),
        ["bad accent"] = (s => Profile(s, 0)["theme"] = new JsonObject { ["accent"] = "blue" },
            "profiles[0].theme.accent: \"blue\" is not a colour like #0a66c2"),
        ["bad locale"] = (s => Profile(s, 0)["locale"] = "english please",
            "profiles[0].locale: \"english please\" is not a language tag like en or pt-BR"),
        ["zero limit"] = (s => Profile(s, 0)["limits"] = new JsonObject { ["maxMessages"] = 0 },
            "profiles[0].limits.maxMessages: must be greater than 0"),
        ["empty knowledge answer"] = (s => Profile(s, 0)["knowledge"] = new JsonArray(new JsonObject { ["q"] = "Why?" }),
            "profiles[0].knowledge[0].a: is required"),
        ["two keys without kid"] = (s => Platform(s, 2)["keys"]![1]!.AsObject().Remove("kid"),
            "platforms[2].keys[1].kid: a kid is required when a platform has more than one key"),
        ["key with both pem and secret"] = (s => Platform(s, 2)["keys"]![0]!["sharedSecret"] = SeedFiles.SharedSecret,
            "platforms[2].keys[0]: give exactly one of publicKeyPem or sharedSecret"),
        ["jwks over http"] = (s => Platform(s, 0)["jwksUrl"] = "http://lms.example.edu/jwks",
            "platforms[0].jwksUrl: must be an absolute https URL (http only on loopback)"),
        ["lifetime too long"] = (s => Platform(s, 0)["maxTokenLifetimeSeconds"] = 86400,
            "platforms[0].maxTokenLifetimeSeconds: must be between 10 and 3600 (was 86400)"),
        ["lti without client id"] = (s => Lti(s).Remove("clientId"),
            "platforms[2].lti.clientId: is required: the client id the platform gave ChatWidget"),
        ["lti without deployments"] = (s => Lti(s)["deploymentIds"] = new JsonArray(),
            "platforms[2].lti.deploymentIds: must list at least one deployment id"),
        ["lti empty deployment"] = (s => Lti(s)["deploymentIds"] = new JsonArray("1:abc", ""),
            "platforms[2].lti.deploymentIds[1]: must not be empty"),
        ["lti authorization over http"] = (s => Lti(s)["authorizationUrl"] = "http://canvas.example.com/api/lti/authorize_redirect",
            "platforms[2].lti.authorizationUrl: must be an absolute https URL (http only on loopback)"),
        ["lti without authorization url"] = (s => Lti(s).Remove("authorizationUrl"),
            "platforms[2].lti.authorizationUrl: is required: the platform's OIDC authorization endpoint"),
        ["lti role to a profile not allowed"] = (s => Lti(s)["roleProfiles"] = new JsonObject { ["Instructor"] = "nope" },
            "platforms[2].lti.roleProfiles[\"Instructor\"]: \"nope\" is not in this platform's profiles"),
        ["lti with a shared secret only"] = (s => Platform(s, 1)["lti"] = new JsonObject
            {
                ["clientId"] = "m1", ["deploymentIds"] = new JsonArray("1"), ["authorizationUrl"] = "https://moodle.example.org/mod/lti/auth.php",
            },
            "platforms[1].algorithms: an LTI platform signs id_tokens with RS256 or ES256: list one of them"),
        ["lti issuer and client id shared"] = (s =>
            {
                Platform(s, 0)["issuer"] = "https://canvas.example.com";
                Platform(s, 0)["lti"] = Lti(s).DeepClone();
            },
            "platforms[2].lti.clientId: another platform has the same issuer and client id \"10000000000001\""),
        ["lti misspelt field"] = (s => Lti(s)["deploymentId"] = "x",
            "platforms[2].lti.deploymentId: is not a known field"),
        ["team without password"] = (s => s["team"]!.AsObject().Remove("password"),
            "team.password: is required when team access is enabled"),
        ["short team password"] = (s => s["team"]!["password"] = "short-PW",
            "team.password: must be at least 12 characters"),
        ["team profile unknown"] = (s => s["team"]!["profile"] = "staff",
            "team.profile: \"staff\" is not a profile in the seed file or the database"),
        ["misspelt field"] = (s => Platform(s, 1)["sharedSecrett"] = "x",
            "platforms[1].sharedSecrett: is not a known field"),
        ["wrong type"] = (s => Model(s, 0)["contextWindow"] = "lots",
            "models[0].contextWindow: has the wrong type"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_rule_reports_the_field_path_and_writes_nothing(string name)
    {
        var (breakSeed, expected) = Cases[name];
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var before = await store.ReadVersionAsync();
        var seed = SeedFiles.Valid();
        breakSeed(seed);
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(seed));

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() => store.Importer.ImportAsync(path, TestTimeout.Token));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("PLAINTEXT", error.Message);
        Assert.Equal(before, await store.ReadVersionAsync());
        await using var db = await store.OpenContextAsync();
        Assert.DoesNotContain(db.Models, m => m.Id == "fast");
    }

    [Fact]
    public async Task The_valid_seed_has_no_errors_so_each_case_above_fails_only_for_its_own_rule()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid()));

        Assert.True(await store.Importer.ImportAsync(path, TestTimeout.Token));
    }

    [Fact]
    public async Task Bad_json_reports_line_and_position()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var path = store.WriteFile("seed.json", "{\n  \"models\": [\n    { \"id\": \"fast\" \"provider\": \"openai\" }\n  ]\n}");

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() => store.Importer.ImportAsync(path, TestTimeout.Token));

        var message = Assert.Single(error.Errors);
        Assert.Contains("is not valid JSON (line 3, position 20)", message);
    }

    [Fact]
    public async Task All_problems_are_listed_at_once()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var seed = SeedFiles.Valid();
        Profile(seed, 0)["model"] = "fast2";
        Platform(seed, 0)["algorithms"] = new JsonArray("none");
        Platform(seed, 1)["sharedSecret"] = "short";
        var path = store.WriteFile("seed.json", SeedFiles.Serialize(seed));

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() => store.Importer.ImportAsync(path, TestTimeout.Token));

        Assert.Equal(3, error.Errors.Count(e => e.StartsWith("profiles[0].model", StringComparison.Ordinal)
            || e.StartsWith("platforms[0].algorithms[0]", StringComparison.Ordinal)
            || e.StartsWith("platforms[1].sharedSecret", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task References_may_point_at_rows_already_in_the_database()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(SeedFiles.Valid())), TestTimeout.Token);
        var second = new JsonObject
        {
            ["profiles"] = new JsonArray(new JsonObject { ["id"] = "chemistry", ["title"] = "Chemistry", ["model"] = "fast" }),
        };

        Assert.True(await store.Importer.ImportAsync(store.WriteFile("second.json", SeedFiles.Serialize(second)), TestTimeout.Token));
    }

    [Fact]
    public async Task A_second_platform_cannot_take_the_issuer_and_client_id_of_one_in_the_database()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var valid = SeedFiles.Valid();
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(valid)), TestTimeout.Token);
        var copy = Platform(valid, 2).DeepClone().AsObject();
        copy["id"] = "canvas-copy";
        var second = new JsonObject { ["platforms"] = new JsonArray(copy) };

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() =>
            store.Importer.ImportAsync(store.WriteFile("second.json", SeedFiles.Serialize(second)), TestTimeout.Token));

        Assert.Contains("platforms[0].lti.clientId: platform \"canvas\" already has this issuer and client id \"10000000000001\"", error.Errors);
        // The platform that has it may be seeded again (a refusal would throw).
        var again = SeedFiles.Valid();
        Platform(again, 2)["lti"]!["deploymentIds"] = new JsonArray("3:ghi");
        Assert.True(await store.Importer.ImportAsync(store.WriteFile("again.json", SeedFiles.Serialize(again)), TestTimeout.Token));
    }

    private static JsonObject Model(JsonObject seed, int index) => seed["models"]![index]!.AsObject();

    private static JsonObject Profile(JsonObject seed, int index) => seed["profiles"]![index]!.AsObject();

    private static JsonObject Platform(JsonObject seed, int index) => seed["platforms"]![index]!.AsObject();

    private static JsonObject Lti(JsonObject seed) => Platform(seed, 2)["lti"]!.AsObject();

    private static string PrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
