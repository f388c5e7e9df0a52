using System.Net;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Embedding;

public sealed class FramePageTests : IDisposable
{
    private const string StrictPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private readonly HostFactory _factory = new(new TestPlatforms().Snapshot());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Frame_of_a_registered_platform_may_be_framed_by_its_allowed_origins_only()
    {
        var response = await _factory.CreateClient().GetAsync("/widget/frame?platform=lms&locale=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{StrictPolicy}; frame-ancestors {TestPlatforms.LmsOrigin}", Csp(response));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/widget/frame.js\" defer></script>", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/widget/frame.css\">", html);
        Assert.Contains("id=\"chatwidget-root\"", html);
    }

    [Fact]
    public async Task Every_allowed_origin_is_listed_and_a_change_applies_to_the_next_page_view()
    {
        _factory.Configuration.UpdatePlatform("lms", p => p with { AllowedOrigins = [TestPlatforms.LmsOrigin, "http://localhost:8080"] });

        var response = await _factory.CreateClient().GetAsync("/widget/frame?platform=lms");

        Assert.Equal($"{StrictPolicy}; frame-ancestors {TestPlatforms.LmsOrigin} http://localhost:8080", Csp(response));
    }

    [Theory]
    [InlineData("/widget/frame?platform=nope")]
    [InlineData("/widget/frame")]
    [InlineData("/widget/frame?platform=")]
    public async Task Unknown_platform_gets_a_404_that_no_one_may_frame(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"{StrictPolicy}; frame-ancestors 'none'", Csp(response));
        Assert.DoesNotContain("frame.js", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Disabled_platform_gets_a_404_that_no_one_may_frame()
    {
        _factory.Configuration.UpdatePlatform("lms", p => p with { Enabled = false });

        var response = await _factory.CreateClient().GetAsync("/widget/frame?platform=lms");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"{StrictPolicy}; frame-ancestors 'none'", Csp(response));
    }

    [Fact]
    public async Task Platform_without_allowed_origins_may_not_be_framed()
    {
        _factory.Configuration.UpdatePlatform("lms", p => p with { AllowedOrigins = [] });

        var response = await _factory.CreateClient().GetAsync("/widget/frame?platform=lms");

        Assert.Equal($"{StrictPolicy}; frame-ancestors 'none'", Csp(response));
    }

    private static string Csp(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
}
