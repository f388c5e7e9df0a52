using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>
/// LTI Dynamic Registration end to end: Host in process, the platform a real server on loopback. Each test opens the
/// registration link the way Moodle or Canvas do (a GET with <c>openid_configuration</c> and <c>registration_token</c>)
/// and then looks at what the platform received and what the configuration database holds.
/// </summary>
public sealed partial class DynamicRegistrationTests : IAsyncLifetime
{
    private const string Administrator = "root@example.org";

    /// <summary>Every category at Trace, HttpClient's and EF Core's included, so the canary test sees every log line.</summary>
    private static readonly Dictionary<string, string?> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    };

    private readonly string _registrationToken = $"CANARY-REGISTRATION-TOKEN-{Guid.NewGuid():N}";
    private FakeRegistrationPlatform _platform = null!;
    private HostFactory _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _platform = await FakeRegistrationPlatform.StartAsync();
        _host = new HostFactory(new TestPlatforms().Snapshot(), settings: TraceEverything);
        _client = _host.CreateClient(new() { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        await _platform.DisposeAsync();
    }

    private LtiRegistrationInvites Invites => _host.Services.GetRequiredService<LtiRegistrationInvites>();

    private async Task<string> NewInviteAsync() => (await Invites.CreateAsync(Administrator, CancellationToken.None)).Secret;

    private Task<HttpResponseMessage> OpenAsync(string invite, Uri? configuration = null, bool withToken = true)
    {
        var url = $"/lti/register?invite={Uri.EscapeDataString(invite)}" +
                  $"&openid_configuration={Uri.EscapeDataString((configuration ?? _platform.ConfigurationUrl()).ToString())}" +
                  (withToken ? $"&registration_token={Uri.EscapeDataString(_registrationToken)}" : "");
        return _client.GetAsync(url);
    }

    private async Task<T> WithDatabaseAsync<T>(Func<ConfigurationDbContext, Task<T>> read)
    {
        var factory = _host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await read(db);
    }

    private Task<List<StoredPlatform>> RegisteredPlatformsAsync() =>
        WithDatabaseAsync(db => db.Platforms.AsNoTracking().Where(p => p.LtiClientId != null).ToListAsync());

    private async Task<LtiInvite> InviteAsync(string secret) =>
        (await Invites.ListAsync(CancellationToken.None)).Single(i => i.Id == LtiInviteSecret.Hash(secret));

    private static string Message(string html) => WebUtility.HtmlDecode(MessageElement().Match(html).Groups[1].Value);

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
    public async Task A_used_link_is_refused_and_the_platform_is_not_called_again()
    {
        var invite = await NewInviteAsync();
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);

        var again = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await again.Content.ReadAsStringAsync()));
        Assert.Single(_platform.ConfigurationRequests);
        Assert.Single(_platform.RegistrationRequests);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task An_expired_link_is_refused_before_the_platform_is_called()
    {
        var invite = await NewInviteAsync();
        _host.Clock.Advance(LtiRegistrationInvites.Lifetime + TimeSpan.FromSeconds(1));

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.ConfigurationRequests);
        Assert.Empty(await RegisteredPlatformsAsync());
        Assert.Equal(LtiInviteStatus.Expired, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task A_link_still_works_just_before_it_expires()
    {
        var invite = await NewInviteAsync();
        _host.Clock.Advance(LtiRegistrationInvites.Lifetime - TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);
    }

    [Theory]
    [InlineData("made-up-but-well-formed-secret-0123456789ab")]
    [InlineData("short")]
    [InlineData("")]
    public async Task An_unknown_link_is_refused_and_nothing_is_called_or_stored(string invite)
    {
        await NewInviteAsync(); // another, valid link exists

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.ConfigurationRequests);
        Assert.Empty(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_revoked_link_is_refused()
    {
        var invite = await NewInviteAsync();
        Assert.True(await Invites.RevokeAsync(LtiInviteSecret.Hash(invite), Administrator, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        Assert.Empty(_platform.ConfigurationRequests);
    }

    [Fact]
    public async Task A_configuration_naming_an_issuer_on_another_host_is_refused_and_the_link_stays_usable()
    {
        var invite = await NewInviteAsync();
        _platform.EditConfiguration = document => document["issuer"] = "https://moodle.example.edu";

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Message(await response.Content.ReadAsStringAsync());
        Assert.Contains("https://moodle.example.edu", message);
        Assert.Contains("issuer", message);
        Assert.Empty(_platform.RegistrationRequests);
        Assert.Empty(await RegisteredPlatformsAsync());
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
    }

    [Theory]
    [InlineData("registration_endpoint")]
    [InlineData("authorization_endpoint")]
    [InlineData("jwks_uri")]
    [InlineData("token_endpoint")]
    [InlineData("issuer")]
    [InlineData("https://purl.imsglobal.org/spec/lti-platform-configuration")]
    public async Task A_configuration_without_a_required_member_is_refused_naming_it(string member)
    {
        var invite = await NewInviteAsync();
        _platform.EditConfiguration = document => document.Remove(member);

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(member, Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.RegistrationRequests);
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task An_endpoint_over_plain_http_to_another_host_is_refused()
    {
        var invite = await NewInviteAsync();
        _platform.EditConfiguration = document => document["registration_endpoint"] = "http://lms.example.edu/register";

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("registration_endpoint", Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.RegistrationRequests);
    }

    [Fact]
    public async Task A_platform_that_signs_with_no_verifiable_algorithm_is_refused_before_registering()
    {
        var invite = await NewInviteAsync();
        _platform.EditConfiguration = document => document["id_token_signing_alg_values_supported"] = new JsonArray("PS256", "HS256");

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("RS256", Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.RegistrationRequests);
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
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
    public async Task A_refused_registration_gives_a_plain_page_and_the_same_link_works_again()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationAnswer = () => (400, """{"error":"invalid_client_metadata","error_description":"redirect_uris not on domain"}""");

        var refused = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        var message = Message(await refused.Content.ReadAsStringAsync());
        Assert.Contains("refused the registration (HTTP 400)", message);
        Assert.DoesNotContain("<script", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await RegisteredPlatformsAsync());
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
        Assert.Contains(_host.Logs.Lines, line => line.Contains("invalid_client_metadata") && line.Contains("redirect_uris not on domain"));

        _platform.RegistrationAnswer = FakeRegistrationPlatform.DefaultRegistrationAnswer;
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_registration_answer_without_client_id_stores_nothing()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationAnswer = () => (201, """{"application_type":"web"}""");

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("client_id", Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(await RegisteredPlatformsAsync());
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task An_unreachable_platform_gives_a_page_naming_what_to_check_and_keeps_the_link()
    {
        var invite = await NewInviteAsync();
        var closed = new Uri($"http://127.0.0.1:{FreePort()}{FakeRegistrationPlatform.ConfigurationPath}");

        var response = await OpenAsync(invite, closed);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var message = Message(await response.Content.ReadAsStringAsync());
        Assert.Contains("could not read the platform's OpenID configuration", message);
        Assert.Contains("firewall", message);
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task A_redirect_from_the_configuration_url_is_not_followed()
    {
        var invite = await NewInviteAsync();
        _platform.ConfigurationAnswer = () => (302, "");

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("HTTP 302", Message(await response.Content.ReadAsStringAsync()));
        Assert.Single(_platform.ConfigurationRequests);
        Assert.Empty(_platform.RegistrationRequests);
    }

    [Fact]
    public async Task An_oversized_configuration_is_refused()
    {
        var invite = await NewInviteAsync();
        _platform.EditConfiguration = document => document["padding"] = new string('x', 70 * 1024);

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("bytes", Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.RegistrationRequests);
    }

    [Theory]
    [InlineData("http://moodle.example.edu/mod/lti/openid-configuration.php")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public async Task A_configuration_url_that_is_not_https_is_refused_without_any_call(string configuration)
    {
        var invite = await NewInviteAsync();

        var response = await _client.GetAsync($"/lti/register?invite={invite}&openid_configuration={Uri.EscapeDataString(configuration)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("openid_configuration", Message(await response.Content.ReadAsStringAsync()));
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task Without_a_registration_token_no_authorization_header_is_sent()
    {
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(await NewInviteAsync(), withToken: false)).StatusCode);

        Assert.Equal("", Assert.Single(_platform.ConfigurationRequests).Authorization);
        Assert.Equal("", Assert.Single(_platform.RegistrationRequests).Authorization);
    }

    [Fact]
    public async Task Two_platforms_opening_the_same_link_at_once_register_only_one()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationDelay = TimeSpan.FromMilliseconds(500);

        var responses = await Task.WhenAll(OpenAsync(invite), OpenAsync(invite), OpenAsync(invite));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(_platform.RegistrationRequests);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_registration_abandoned_half_way_blocks_the_link_only_until_its_claim_lapses()
    {
        var invite = await NewInviteAsync();
        Assert.NotNull(await Invites.ClaimAsync(invite, CancellationToken.None)); // a process that stopped mid-registration

        Assert.Equal(LtiInviteStatus.Registering, (await InviteAsync(invite)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        Assert.Empty(_platform.ConfigurationRequests);

        _host.Clock.Advance(LtiRegistrationInvites.ClaimTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_link_revoked_while_its_registration_runs_stores_nothing()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationDelay = TimeSpan.FromMilliseconds(700);

        var registering = OpenAsync(invite);
        await WaitUntilAsync(() => !_platform.RegistrationRequests.IsEmpty);
        Assert.True(await Invites.RevokeAsync(LtiInviteSecret.Hash(invite), Administrator, CancellationToken.None));
        var response = await registering;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await RegisteredPlatformsAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Neither_the_invite_secret_nor_the_registration_token_reaches_a_log_line_or_a_file()
    {
        // The platform echoes the token in its error, and the configuration URL carries it in its query or path too.
        var invite = await NewInviteAsync();
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, new Uri($"{_platform.Origin}/tokens/{_registrationToken}/configuration"))).StatusCode);
        _platform.RegistrationAnswer = () => (401, JsonSerializer.Serialize(new { error = "invalid_token", error_description = $"bad token {_registrationToken}" }));
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, _platform.ConfigurationUrl($"?token={_registrationToken}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, new Uri($"http://127.0.0.1:{FreePort()}/x?token={_registrationToken}"))).StatusCode);
        _platform.RegistrationAnswer = FakeRegistrationPlatform.DefaultRegistrationAnswer;
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite, _platform.ConfigurationUrl($"?token={_registrationToken}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        // The token did travel: to the platform, and only there.
        Assert.All(_platform.RegistrationRequests, r => Assert.Equal($"Bearer {_registrationToken}", r.Authorization));

        // Every line counts, ASP.NET Core's own at Trace included (its request lines, which carry the query, are never written).
        var lines = _host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("LTI dynamic registration") && l.Contains("[redacted]")); // the echo was caught
        Assert.Contains(lines, l => l.Contains("stored platform 127.0.0.1"));
        foreach (var canary in new[] { invite, _registrationToken })
        {
            Assert.DoesNotContain(lines, l => l.Contains(canary, StringComparison.Ordinal));
            foreach (var file in Directory.EnumerateFiles(_host.DataDirectory, "*", SearchOption.AllDirectories))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.False(copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(canary)) >= 0, $"{canary[..12]} found in {Path.GetFileName(file)}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("<p id=\"message\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex MessageElement();

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();
}
