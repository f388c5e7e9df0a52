using System.Text;
using System.Text.Json;
using ChatWidget.Host.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Chat;

public class ChatRequestReaderTests
{
    private readonly ChatRequestReader _reader = new(Options.Create(new ChatEndpointOptions { MaxRequestBytes = 2048, MaxJsonDepth = 8 }));

    private static HttpRequest Request(Stream body, long? contentLength)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Body = body;
        http.Request.ContentLength = contentLength;
        return http.Request;
    }

    private static HttpRequest Request(string json) => Request(new MemoryStream(Encoding.UTF8.GetBytes(json)), Encoding.UTF8.GetByteCount(json));

    private async Task<(int Status, JsonElement Body)> ErrorOf(HttpRequest request)
    {
        var result = await _reader.ReadAsync(request, default);
        Assert.Null(result.Request);
        return await ResultExecution.ExecuteAsync(result.Error!);
    }

    [Fact]
    public async Task A_chat_request_is_read_with_string_and_text_part_content_and_unknown_fields_ignored()
    {
        var result = await _reader.ReadAsync(Request("""
            {"model":"tutor","stream":true,"stream_options":{"include_usage":true},"temperature":1.9,"top_p":0.1,"tools":[{"type":"function"}],
             "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"text","text":"hel"},{"type":"text","text":"lo"}]}]}
            """), default);

        var request = Assert.IsType<ChatCompletionRequest>(result.Request);
        Assert.True(request.Stream);
        Assert.True(request.StreamOptions!.IncludeUsage);
        Assert.Equal("tutor", request.Model);
        Assert.Equal(["hi", "hello"], request.Messages!.Select(m => m.Content));
        Assert.Equal(["user", "assistant"], request.Messages!.Select(m => m.Role));
    }

    [Fact]
    public async Task A_Content_Length_over_the_limit_is_refused_before_reading()
    {
        var body = new ThrowingStream();
        var (status, error) = await ErrorOf(Request(body, 4096));
        Assert.Equal(413, status);
        Assert.Equal("request_too_large", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chunked_body_without_Content_Length_is_cut_off_at_the_limit()
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 5000) + "\"}]}";
        var body = new TrickleStream(Encoding.UTF8.GetBytes(json), chunk: 300);
        var (status, _) = await ErrorOf(Request(body, null));
        Assert.Equal(413, status);
        Assert.True(body.BytesRead < 4096, $"read {body.BytesRead} bytes of a body over a 2048-byte limit");
    }

    [Fact]
    public async Task A_body_at_the_limit_is_accepted()
    {
        var prefix = "{\"messages\":[{\"role\":\"user\",\"content\":\"";
        var suffix = "\"}]}";
        var json = prefix + new string('x', 2048 - prefix.Length - suffix.Length) + suffix;
        var result = await _reader.ReadAsync(Request(new TrickleStream(Encoding.UTF8.GetBytes(json), 100), null), default);
        Assert.NotNull(result.Request);
    }

    [Fact]
    public async Task Deep_nesting_is_refused()
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":" + new string('[', 20) + new string(']', 20) + "}";
        var (status, error) = await ErrorOf(Request(json));
        Assert.Equal(400, status);
        Assert.Contains("deeper than 8", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"messages\":\"SECRET-TEXT\"}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":42}],\"z\":\"SECRET-TEXT\"}")]
    [InlineData("{\"messages\":[],\"stream\":\"SECRET-TEXT\"}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"SECRET-TEXT\"}]")]
    [InlineData("SECRET-TEXT")]
    [InlineData("{\"messages\":[]} SECRET-TEXT")]
    [InlineData("[\"SECRET-TEXT\"]")]
    [InlineData("")]
    public async Task Malformed_bodies_and_wrong_types_are_400_without_echoing_content(string json)
    {
        var (status, error) = await ErrorOf(Request(json));
        Assert.Equal(400, status);
        var message = error.GetProperty("error").GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("SECRET", message);
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_wrong_type_names_the_field()
    {
        var (_, error) = await ErrorOf(Request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}"));
        Assert.Contains("$.stream", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Non_text_content_parts_are_refused()
    {
        var (status, error) = await ErrorOf(Request(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\"}}]}]}"));
        Assert.Equal(400, status);
        Assert.Contains("Only text", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Escaped_lone_surrogates_are_refused()
    {
        var (status, _) = await ErrorOf(Request("{\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\"}]}"));
        Assert.Equal(400, status);
    }

    /// <summary>Hands out the body a few bytes at a time, like a chunked upload, and counts what was read.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public int BytesRead => _position;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class ThrowingStream : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body must not be read.");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The body must not be read.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
