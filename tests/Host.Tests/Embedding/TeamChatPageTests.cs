using System.Net;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Embedding;

public sealed class TeamChatPageTests : IDisposable
{
    private const string StrictPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private readonly HostFactory _factory = new(new TestPlatforms().Snapshot());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Team_chat_is_the_frame_app_in_team_mode_on_a_page_no_one_may_frame()
    {
        var response = await _factory.CreateClient().GetAsync("/chat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{StrictPolicy}; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/widget/frame.js\" defer></script>", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/widget/frame.css\">", html);
        Assert.Contains("<div id=\"chatwidget-root\" data-mode=\"team\"></div>", html);
    }

    [Fact]
    public async Task Team_chat_page_is_served_when_team_access_is_off_so_it_does_not_reveal_the_switch()
    {
        _factory.Configuration.Update(s => s with { Team = s.Team with { Enabled = false } });

        var response = await _factory.CreateClient().GetAsync("/chat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-mode=\"team\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/widget/chat.html")]
    [InlineData("/chat.html")]
    public async Task The_page_is_not_reachable_as_a_plain_file_without_its_headers(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
