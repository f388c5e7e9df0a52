using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>
/// A learning platform's side of LTI Dynamic Registration on loopback (real Kestrel, written from the spec, not from
/// Host's code): an OpenID configuration and a registration endpoint that records exactly what the tool sent.
/// </summary>
public sealed class FakeRegistrationPlatform : IAsyncDisposable
{
    public const string ConfigurationPath = "/lti/openid-configuration";
    public const string RegistrationPath = "/lti/registrations";
    public const string ClientId = "client-4711";
    public const string DeploymentId = "deployment-42";

    private readonly WebApplication _app;

    private FakeRegistrationPlatform(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:PORT, the platform's issuer and origin unless a test changes the document.</summary>
    public string Origin { get; private set; } = "";

    public ConcurrentQueue<RecordedPlatformRequest> ConfigurationRequests { get; } = new();
    public ConcurrentQueue<RecordedPlatformRequest> RegistrationRequests { get; } = new();

    /// <summary>Changes the OpenID configuration before it is served (members removed, issuer elsewhere, ...).</summary>
    public Action<JsonObject>? EditConfiguration { get; set; }

    /// <summary>Replaces the whole OpenID configuration answer: (status, body).</summary>
    public Func<(int Status, string Body)>? ConfigurationAnswer { get; set; }

    /// <summary>The registration endpoint's answer: (status, body). Default: 200 with client id and deployment.</summary>
    public Func<(int Status, string Body)> RegistrationAnswer { get; set; } = DefaultRegistrationAnswer;

    /// <summary>Held before the registration endpoint answers, to make two registrations overlap.</summary>
    public TimeSpan RegistrationDelay { get; set; }

    public Uri ConfigurationUrl(string? query = null) => new($"{Origin}{ConfigurationPath}{query}");

    public static (int, string) DefaultRegistrationAnswer() => (200, new JsonObject
    {
        ["client_id"] = ClientId,
        ["application_type"] = "web",
        ["https://purl.imsglobal.org/spec/lti-tool-configuration"] = new JsonObject { ["deployment_id"] = DeploymentId },
    }.ToJsonString());

    public static async Task<FakeRegistrationPlatform> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var platform = new FakeRegistrationPlatform(app);
        app.MapGet(ConfigurationPath, (HttpRequest request) =>
        {
            platform.ConfigurationRequests.Enqueue(new RecordedPlatformRequest(request.Method, request.Headers.Authorization.ToString(),
                request.ContentType, "", request.QueryString.Value ?? ""));
            if (platform.ConfigurationAnswer is { } answer)
            {
                var (status, body) = answer();
                return Results.Text(body, "application/json", statusCode: status);
            }

            var document = platform.Configuration();
            platform.EditConfiguration?.Invoke(document);
            return Results.Text(document.ToJsonString(), "application/json");
        });
        app.MapPost(RegistrationPath, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            platform.RegistrationRequests.Enqueue(new RecordedPlatformRequest(request.Method, request.Headers.Authorization.ToString(),
                request.ContentType, body, request.QueryString.Value ?? ""));
            if (platform.RegistrationDelay > TimeSpan.Zero) await Task.Delay(platform.RegistrationDelay);
            var (status, answer) = platform.RegistrationAnswer();
            return Results.Text(answer, "application/json", statusCode: status);
        });
        await app.StartAsync();
        platform.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return platform;
    }

    /// <summary>A Moodle-like OpenID configuration (LTI Dynamic Registration 1.0 §3.5.2).</summary>
    public JsonObject Configuration() => new()
    {
        ["issuer"] = Origin,
        ["authorization_endpoint"] = $"{Origin}/mod/lti/auth.php",
        ["registration_endpoint"] = $"{Origin}{RegistrationPath}",
        ["jwks_uri"] = $"{Origin}/mod/lti/certs.php",
        ["token_endpoint"] = $"{Origin}/mod/lti/token.php",
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["scopes_supported"] = new JsonArray("openid"),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public", "pairwise"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "PS256"),
        ["claims_supported"] = new JsonArray("sub", "iss", "name", "email"),
        ["https://purl.imsglobal.org/spec/lti-platform-configuration"] = new JsonObject
        {
            ["product_family_code"] = "moodle",
            ["version"] = "4.5",
            ["messages_supported"] = new JsonArray(new JsonObject { ["type"] = "LtiResourceLinkRequest" }),
        },
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
