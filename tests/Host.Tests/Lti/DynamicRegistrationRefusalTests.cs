using System.Net;
using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>Platform configurations and answers a registration refuses, each with a plain page naming the problem, storing nothing and keeping the link usable where the platform can retry.</summary>
public sealed class DynamicRegistrationRefusalTests : DynamicRegistration
{
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
        var closed = new Uri($"http://127.0.0.1:{TestServers.FreePort.Next()}{FakeRegistrationPlatform.ConfigurationPath}");

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
}
