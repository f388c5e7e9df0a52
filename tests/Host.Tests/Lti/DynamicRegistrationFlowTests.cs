using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>A platform that opens a registration link gets ChatWidget registered: what it is sent, what is stored, the page that hands control back, the algorithms and token lifetime chosen.</summary>
public sealed partial class DynamicRegistrationFlowTests : DynamicRegistration
{
    [Fact]
    public async Task A_platform_opening_the_link_registers_ChatWidget_and_is_stored_disabled()
    {
        var invite = await NewInviteAsync();

        var response = await OpenAsync(invite);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ChatWidget is registered. An administrator must enable it and choose its profiles in the dashboard.", Message(html));

        // The platform was asked with its registration token, both times.
        var configurationRequest = Assert.Single(_platform.ConfigurationRequests);
        Assert.Equal($"Bearer {_registrationToken}", configurationRequest.Authorization);
        var registrationRequest = Assert.Single(_platform.RegistrationRequests);
        Assert.Equal($"Bearer {_registrationToken}", registrationRequest.Authorization);
        Assert.StartsWith("application/json", registrationRequest.ContentType);

        // The registration, as LTI Dynamic Registration 1.0 and OpenID Connect Dynamic Client Registration spell it.
        var body = JsonNode.Parse(registrationRequest.Body)!.AsObject();
        Assert.Equal("web", (string?)body["application_type"]);
        Assert.Equal(["id_token"], body["response_types"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["implicit", "client_credentials"], body["grant_types"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("http://localhost/lti/login", (string?)body["initiate_login_uri"]);
        Assert.Equal(["http://localhost/lti/launch"], body["redirect_uris"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("ChatWidget", (string?)body["client_name"]);
        Assert.Equal("http://localhost/lti/jwks", (string?)body["jwks_uri"]);
        Assert.Equal("private_key_jwt", (string?)body["token_endpoint_auth_method"]);
        Assert.Equal("", (string?)body["scope"]);
        var tool = body["https://purl.imsglobal.org/spec/lti-tool-configuration"]!.AsObject();
        Assert.Equal("localhost", (string?)tool["domain"]);
        Assert.Equal("http://localhost/lti/launch", (string?)tool["target_link_uri"]);
        Assert.Equal(["iss", "sub"], tool["claims"]!.AsArray().Select(n => (string?)n));
        var message = Assert.Single(tool["messages"]!.AsArray())!.AsObject();
        Assert.Equal("LtiResourceLinkRequest", (string?)message["type"]);
        Assert.Equal("http://localhost/lti/launch", (string?)message["target_link_uri"]);
        Assert.Equal("ChatWidget", (string?)message["label"]);
        Assert.DoesNotContain(_registrationToken, registrationRequest.Body);

        // Stored: disabled, no profiles, the platform's own endpoints, and the ids its answer gave.
        var platform = Assert.Single(await RegisteredPlatformsAsync());
        Assert.Equal("127.0.0.1", platform.Id);
        Assert.Equal(_platform.Origin, platform.Issuer);
        Assert.Equal($"{_platform.Origin}/mod/lti/certs.php", platform.JwksUrl);
        Assert.Equal(["RS256"], platform.Algorithms); // RS256 and PS256 offered; PS256 is not verifiable
        Assert.Equal([_platform.Origin], platform.AllowedOrigins);
        Assert.Empty(platform.Profiles);
        Assert.Equal("", platform.DefaultProfile);
        Assert.False(platform.Enabled);
        Assert.False(platform.FromSeed);
        Assert.Equal(FakeRegistrationPlatform.ClientId, platform.LtiClientId);
        Assert.Equal([FakeRegistrationPlatform.DeploymentId], platform.LtiDeploymentIds);
        Assert.Equal($"{_platform.Origin}/mod/lti/auth.php", platform.LtiAuthorizationUrl);
        Assert.Equal(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, platform.MaxLaunchTokenLifetimeSeconds);

        // The launch side reads it as an LTI platform (disabled).
        var snapshot = await _host.Services.GetRequiredService<ConfigurationStore>().LoadSnapshotAsync(CancellationToken.None);
        var settings = snapshot.Platforms[platform.Id];
        Assert.False(settings.Enabled);
        Assert.Equal(FakeRegistrationPlatform.ClientId, settings.Lti?.ClientId);
        Assert.Equal(new Uri($"{_platform.Origin}/mod/lti/auth.php"), settings.Lti?.AuthorizationUrl);

        var used = await InviteAsync(invite);
        Assert.Equal(LtiInviteStatus.Used, used.Status);
        Assert.Equal(platform.Id, used.PlatformId);
        Assert.NotNull(used.UsedAt);

        var audit = await WithDatabaseAsync(db => db.AuditLog.AsNoTracking().SingleAsync(e => e.Action == "platform.create" && e.TargetId == platform.Id));
        Assert.Equal($"lti-dynamic-registration (invite created by {Administrator})", audit.Actor);
        Assert.Contains(FakeRegistrationPlatform.ClientId, audit.After);
        Assert.DoesNotContain(_registrationToken, audit.After);
    }

    [Fact]
    public async Task The_registered_page_hands_control_back_to_the_platform_under_a_CSP_without_unsafe_inline()
    {
        var response = await OpenAsync(await NewInviteAsync());

        var html = await response.Content.ReadAsStringAsync();
        var script = Assert.Single(ScriptElement().Matches(html)).Groups[1].Value;
        Assert.Contains("postMessage({subject: 'org.imsglobal.lti.close'}", script);
        Assert.Contains("window.opener || window.parent", script);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors *", csp); // platforms open the link in an iframe, from an origin not known before
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Algorithms_are_RS256_when_the_platform_does_not_say_and_ES256_is_kept_when_offered()
    {
        _platform.EditConfiguration = document => document.Remove("id_token_signing_alg_values_supported");
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(await NewInviteAsync())).StatusCode);
        _platform.EditConfiguration = document => document["id_token_signing_alg_values_supported"] = new JsonArray("ES256", "RS256");
        _platform.RegistrationAnswer = () => (200, """{"client_id":"second"}""");
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(await NewInviteAsync())).StatusCode);

        var platforms = (await RegisteredPlatformsAsync()).OrderBy(p => p.Id).ToList();
        Assert.Equal(["127.0.0.1", "127.0.0.1-2"], platforms.Select(p => p.Id)); // same issuer host: a unique id each
        Assert.Equal(["RS256"], platforms[0].Algorithms);
        Assert.Equal(["RS256", "ES256"], platforms[1].Algorithms);
        Assert.Empty(platforms[1].LtiDeploymentIds); // the answer named no deployment
    }

    [Fact]
    public async Task Canvas_gets_its_one_hour_id_token_lifetime()
    {
        _platform.EditConfiguration = document =>
            document["https://purl.imsglobal.org/spec/lti-platform-configuration"]!["product_family_code"] = "canvas";

        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(await NewInviteAsync())).StatusCode);

        Assert.Equal(3600, Assert.Single(await RegisteredPlatformsAsync()).MaxLaunchTokenLifetimeSeconds);
    }

    [Fact]
    public async Task Without_a_registration_token_no_authorization_header_is_sent()
    {
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(await NewInviteAsync(), withToken: false)).StatusCode);

        Assert.Equal("", Assert.Single(_platform.ConfigurationRequests).Authorization);
        Assert.Equal("", Assert.Single(_platform.RegistrationRequests).Authorization);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();
}
