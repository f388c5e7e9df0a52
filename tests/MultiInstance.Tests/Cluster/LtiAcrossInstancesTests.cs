using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatWidget.MultiInstance.Tests.Harness;
using Microsoft.AspNetCore.WebUtilities;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// An LTI 1.3 launch whose steps land on different instances (contract §7, §8): the login on one, the platform's
/// form_post on the other, the launch code's redemption through nginx. The login state and the launch code are
/// single use across all of them, and Redis holds neither the platform's login_hint nor the learner's sub.
/// </summary>
public sealed partial class LtiAcrossInstancesTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    // The public name of the site: each instance, asked directly with this Host header, sees the same origin as nginx.
    private const string PublicHost = "chat.example.test";
    private const string PublicOrigin = "http://" + PublicHost;

    private HostCluster Cluster => fixture.Cluster;

    private HttpClient Client(int? instance)
    {
        var client = instance is { } i ? Cluster.CreateDirectClient(Cluster[i]) : Cluster.CreateClient();
        client.DefaultRequestHeaders.Host = PublicHost;
        return client;
    }

    [Fact(Timeout = 120_000)]
    public async Task LoginOnOneInstanceLaunchOnTheOtherAndTheChatAnswersAndNothingCanBeReplayed()
    {
        var loginHint = "login-hint-canary-" + Guid.NewGuid().ToString("N")[..8];
        var subject = "sub-canary-" + Guid.NewGuid().ToString("N")[..8];

        var (state, nonce, cookie) = await LoginAsync(Client(0), loginHint);
        var pendingState = await fixture.Shared.Redis.DumpAsync();
        var idToken = Cluster.Seed.MintLtiIdToken(nonce, PublicOrigin, subject, name: "Name Canary");

        using var launch = await PostLaunchAsync(Client(1), idToken, state, cookie);
        var page = await launch.Content.ReadAsStringAsync();
        Assert.True(launch.StatusCode == HttpStatusCode.OK, $"{(int)launch.StatusCode} {page}\n{Cluster.Diagnostics()}");
        Assert.Contains($"frame-ancestors {ClusterSeed.LtiIssuer}", launch.Headers.GetValues("Content-Security-Policy").Single());
        var code = LaunchCode().Match(page).Groups[1].Value;
        Assert.NotEmpty(code);
        var pendingCode = await fixture.Shared.Redis.DumpAsync();

        using var redeemed = await Client(null).PostAsync("/api/token", RedeemForm(code));
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        using (var token = JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync()))
        {
            using var answer = await Client(0).SendAsync(ChatApi.Completion(token.RootElement.GetProperty("access_token").GetString()!, stream: false));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var completion = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            Assert.Equal(ClusterSeed.Answer, completion.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        // Single use everywhere: the same form_post on the other instance, the same code on each instance.
        using var replayedLaunch = await PostLaunchAsync(Client(0), idToken, state, cookie);
        Assert.Equal(HttpStatusCode.BadRequest, replayedLaunch.StatusCode);
        Assert.DoesNotMatch(LaunchCode(), await replayedLaunch.Content.ReadAsStringAsync());
        foreach (var instance in new int?[] { 0, 1, null })
        {
            using var again = await Client(instance).PostAsync("/api/token", RedeemForm(code));
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        foreach (var dump in new[] { pendingState, pendingCode })
        {
            Assert.DoesNotContain(dump, entry => entry.Contains(loginHint, StringComparison.Ordinal));
            Assert.DoesNotContain(dump, entry => entry.Contains(subject, StringComparison.Ordinal));
            Assert.DoesNotContain(dump, entry => entry.Contains("Name Canary", StringComparison.Ordinal));
        }

        Assert.Contains(pendingState, entry => entry.Contains(":lti:state:", StringComparison.Ordinal));
        Assert.Contains(pendingCode, entry => entry.Contains(":lti:code:", StringComparison.Ordinal));
        foreach (var instance in Cluster.Instances)
        {
            Assert.DoesNotContain(instance.OutputLines, line => line.Contains(loginHint, StringComparison.Ordinal) || line.Contains(subject, StringComparison.Ordinal));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ALaunchPostedTwiceAtOnceToBothInstancesOpensExactlyOneSession()
    {
        var (state, nonce, cookie) = await LoginAsync(Client(1), "hint");
        var idToken = Cluster.Seed.MintLtiIdToken(nonce, PublicOrigin, "learner-race");

        var launches = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await PostLaunchAsync(Client(i % 2), idToken, state, cookie);
            return response.StatusCode;
        }));

        Assert.Single(launches, status => status == HttpStatusCode.OK);
        Assert.All(launches.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.BadRequest, s));
    }

    private static async Task<(string State, string Nonce, string Cookie)> LoginAsync(HttpClient client, string loginHint)
    {
        var query = QueryHelpers.AddQueryString("/lti/login", new Dictionary<string, string?>
        {
            ["iss"] = ClusterSeed.LtiIssuer,
            ["login_hint"] = loginHint,
            ["target_link_uri"] = PublicOrigin + "/lti/launch",
            ["client_id"] = ClusterSeed.LtiClientId,
            ["lti_deployment_id"] = ClusterSeed.LtiDeploymentId,
        });
        using var login = await client.GetAsync(query);
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        var location = login.Headers.Location!;
        Assert.StartsWith(ClusterSeed.LtiAuthorizationUrl + "?", location.AbsoluteUri);
        var parameters = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(PublicOrigin + "/lti/launch", parameters["redirect_uri"].ToString());
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return (parameters["state"].ToString(), parameters["nonce"].ToString(), cookie);
    }

    private static Task<HttpResponseMessage> PostLaunchAsync(HttpClient client, string idToken, string state, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/lti/launch")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id_token"] = idToken, ["state"] = state }),
        };
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    private static FormUrlEncodedContent RedeemForm(string code) => new(new Dictionary<string, string>
    {
        ["grant_type"] = ChatApi.TokenExchangeGrant,
        ["subject_token"] = code,
        ["subject_token_type"] = "urn:chatwidget:params:oauth:token-type:lti-launch",
        ["platform"] = ClusterSeed.LtiPlatformId,
        ["origin"] = PublicOrigin,
    });

    [GeneratedRegex("data-launch-code=\"([A-Za-z0-9_-]+)\"")]
    private static partial Regex LaunchCode();
}
