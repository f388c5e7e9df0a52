using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// The site as production serves it, TLS included. What Host learns from nginx's X-Forwarded-* headers (with
/// ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as deploy/chatwidget.env.example sets it): the client's address, for the
/// per-address rate limits, and the public scheme, https. Clients connect from different loopback addresses
/// (127.0.0.x), so nginx sees different peers. Also: the HTTP to HTTPS redirect, HTTP/2, no compression by nginx.
/// </summary>
public sealed class TlsSiteTests(TlsClusterFixture fixture) : IClassFixture<TlsClusterFixture>
{
    private HostCluster Cluster => fixture.Cluster;

    [Fact(Timeout = 120_000)]
    public async Task RateLimitsCountTheClientsAddressNotNginxs()
    {
        // One address uses up its launch allowance on every instance: one request each, then 429.
        var refused = await CountRefusedTokenRequestsAsync(Cluster.CreateClient(LoopbackClient.Address(2)), requests: 6);
        Assert.True(refused >= 3, $"Only {refused} of 6 token requests from one address were refused.\n{Cluster.Diagnostics()}");

        // Other addresses still have theirs. If Host saw nginx's address (127.0.0.1) instead, they would share the one used up above.
        foreach (byte address in new byte[] { 3, 4, 5 })
            Assert.Equal(0, await CountRefusedTokenRequestsAsync(Cluster.CreateClient(LoopbackClient.Address(address)), requests: 1));
    }

    [Fact(Timeout = 120_000)]
    public async Task ClientCannotChooseItsAddress()
    {
        // nginx overwrites X-Forwarded-For with the peer's address, so a new made-up address per request buys nothing.
        var client = Cluster.CreateClient(LoopbackClient.Address(6));
        var refused = 0;
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/token") { Content = new FormUrlEncodedContent([]) };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused++;
        }

        Assert.True(refused >= 3, $"Only {refused} of 6 token requests with made-up X-Forwarded-For were refused.\n{Cluster.Diagnostics()}");
    }

    [Fact(Timeout = 120_000)]
    public async Task HostSeesHttpsThroughNginx()
    {
        // Outside Development the dashboard refuses plain HTTP; behind nginx it sees X-Forwarded-Proto: https.
        using var viaNginx = await Cluster.CreateClient().GetAsync("/admin/login");
        Assert.Equal(HttpStatusCode.OK, viaNginx.StatusCode);
        // Cookies follow the request's scheme: secure because Host knows the browser used https.
        Assert.True(viaNginx.Headers.TryGetValues("Set-Cookie", out var cookies));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        using var direct = await Cluster.CreateDirectClient(Cluster[0]).GetAsync("/admin/login");
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Contains("HTTPS only", await direct.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 120_000)]
    public async Task PlainHttpRedirectsToHttps()
    {
        using var client = LoopbackClient.Create(Cluster.Nginx.RedirectAddress);
        using var response = await client.GetAsync("/widget.js?v=1");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://127.0.0.1/widget.js?v=1", response.Headers.Location?.ToString());
    }

    [Fact(Timeout = 120_000)]
    public async Task AnswerStreamsOverHttp2()
    {
        var client = Cluster.CreateClient(LoopbackClient.Address(7), HttpVersion.Version20);
        var accessToken = await Cluster.LaunchAsync(client);

        using var request = ChatApi.Completion(accessToken);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);

        var events = new List<ServerSentEvent>();
        await foreach (var e in ChatApi.ReadEventsAsync(response)) events.Add(e);
        Assert.True(events.Last().IsDone);
        Assert.Equal(ClusterSeed.Answer, string.Concat(events.Select(e => e.Content)));
        Assert.True(events.Count(e => e.Content is { Length: > 0 }) > 5, "The offline answer should come word by word.");
    }

    [Fact(Timeout = 120_000)]
    public async Task NginxCompressesNothingHostDidNotCompress()
    {
        var client = Cluster.CreateClient();

        // A page with an antiforgery token: compressing it would let its size leak the token (BREACH).
        using var page = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        page.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        using var pageResponse = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Empty(pageResponse.Content.Headers.ContentEncoding);

        // The widget's static files are compressed by Host itself, and that passes through.
        using var script = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        script.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var scriptResponse = await client.SendAsync(script);
        Assert.Equal(HttpStatusCode.OK, scriptResponse.StatusCode);
        Assert.Single(scriptResponse.Content.Headers.ContentEncoding);
    }

    private static async Task<int> CountRefusedTokenRequestsAsync(HttpClient client, int requests)
    {
        var refused = 0;
        for (var i = 0; i < requests; i++)
        {
            // An empty form: 400 when admitted, 429 when the address's bucket is empty. Either way nothing is launched.
            using var response = await client.PostAsync("/api/token", new FormUrlEncodedContent([]));
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused++;
            else Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        return refused;
    }
}
