using System.Net;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Embedding;

public sealed class WidgetAssetTests : IDisposable
{
    private readonly HostFactory _factory = new(new TestPlatforms().Snapshot());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Loader_is_served_at_the_root_as_javascript_with_a_short_cache_and_an_etag()
    {
        var response = await _factory.CreateClient().GetAsync("/widget.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("cross-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("ChatWidget", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Loader_revalidates_with_its_etag()
    {
        var client = _factory.CreateClient();
        var first = await client.GetAsync("/widget.js");

        var request = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/widget/frame.js", "text/javascript")]
    [InlineData("/widget/frame.css", "text/css")]
    public async Task Frame_assets_are_served_under_widget_and_always_revalidated(string path, string mediaType)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/widget/frame.html")]
    [InlineData("/widget/widget.js")]
    [InlineData("/frame.js")]
    [InlineData("/frame.html")]
    public async Task Only_the_published_files_are_reachable(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Loader_and_frame_files_exist_because_the_host_build_builds_the_widget()
    {
        var dist = Path.Combine(RepositoryRoot(), "Widget", "dist");
        foreach (var file in new[] { "widget.js", "frame.js", "frame.css", "frame.html", "chat.html" })
        {
            Assert.True(File.Exists(Path.Combine(dist, file)), $"{file} is missing from {dist}");
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatWidget.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("ChatWidget.sln not found above the test binaries.");
    }

}
