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
    [InlineData("/widget.js", "gzip")]
    [InlineData("/widget.js", "br")]
    [InlineData("/widget/frame.js", "gzip")]
    [InlineData("/widget/frame.css", "br")]
    public async Task Widget_files_are_sent_compressed_to_browsers_that_accept_it_and_decompress_to_the_same_bytes(string path, string encoding)
    {
        var client = _factory.CreateClient();
        var plain = await (await client.GetAsync(path)).Content.ReadAsByteArrayAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(encoding);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 2, $"{path}: {compressed.Length} bytes compressed of {plain.Length}");
        using var decompressor = encoding == "br"
            ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        await decompressor.CopyToAsync(decompressed);
        Assert.Equal(plain, decompressed.ToArray());
    }

    [Fact]
    public async Task Only_the_static_widget_files_are_compressed_not_the_frame_page()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/widget/frame?platform=lms&locale=en");
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        var response = await _factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
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
        var dist = Path.Combine(Repository.Root, "Widget", "dist");
        foreach (var file in new[] { "widget.js", "frame.js", "frame.css", "frame.html", "chat.html", "lti.html" })
        {
            Assert.True(File.Exists(Path.Combine(dist, file)), $"{file} is missing from {dist}");
        }
    }
}
