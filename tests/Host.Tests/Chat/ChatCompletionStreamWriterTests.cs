using System.Text;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Tests.Chat;

public class ChatCompletionStreamWriterTests
{
    private readonly MemoryStream _body = new();
    private readonly ChatCompletionStreamWriter _writer;

    public ChatCompletionStreamWriterTests() => _writer = new ChatCompletionStreamWriter(_body, "chatcmpl-abc", 1700000000, "tutor");

    private string Wire => Encoding.UTF8.GetString(_body.ToArray());

    [Fact]
    public async Task A_whole_stream_is_written_in_OpenAI_chunk_format()
    {
        _writer.WriteDelta("assistant", "Hel");
        _writer.WriteDelta(null, "lo \"wörld\"\n");
        _writer.WriteFinish("stop");
        _writer.WriteUsage(12, 3);
        await _writer.WriteDoneAsync(default);

        Assert.Equal(
            "data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tutor\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tutor\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\\"wörld\\\"\\n\"},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tutor\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tutor\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n" +
            "data: [DONE]\n\n",
            Wire);
    }

    [Fact]
    public async Task The_finish_chunk_carries_the_cited_sources_at_top_level_without_a_url_when_there_is_none()
    {
        _writer.WriteFinish("stop", [new KnowledgeSource(1, "doc-12", "Syllabus", "https://lms.example.edu/s"), new KnowledgeSource(2, "doc-3", "Hand\"book", null)]);
        await _writer.FlushAsync(default);

        Assert.Equal(
            "data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tutor\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]," +
            "\"sources\":[{\"index\":1,\"id\":\"doc-12\",\"title\":\"Syllabus\",\"url\":\"https://lms.example.edu/s\"},{\"index\":2,\"id\":\"doc-3\",\"title\":\"Hand\\\"book\"}]}\n\n",
            Wire);
    }

    [Fact]
    public async Task An_error_after_the_stream_started_is_an_error_event_in_OpenAI_shape()
    {
        _writer.WriteError(new OpenAiError("The assistant is unavailable.", "server_error", "upstream_unavailable"));
        await _writer.FlushAsync(default);

        Assert.Equal("data: {\"error\":{\"message\":\"The assistant is unavailable.\",\"type\":\"server_error\",\"code\":\"upstream_unavailable\"}}\n\n", Wire);
    }

    [Fact]
    public async Task Content_cannot_break_the_event_framing()
    {
        _writer.WriteDelta(null, "a\n\ndata: [DONE]\r\n");
        await _writer.FlushAsync(default);

        var lines = Wire.Split('\n');
        Assert.Equal(3, lines.Length); // one data line, the blank separator, and nothing after
        Assert.StartsWith("data: {", lines[0]);
    }

    [Fact]
    public async Task Events_reach_the_client_together_on_flush_and_done_flushes_itself()
    {
        var body = new FlushCountingStream();
        var writer = new ChatCompletionStreamWriter(body, "chatcmpl-abc", 1, "tutor");
        writer.WriteDelta("assistant", "a");
        writer.WriteDelta(null, "b");
        Assert.Equal(0, body.Length);

        await writer.FlushAsync(default);
        Assert.Equal(1, body.Flushes);
        Assert.Equal(2, Encoding.UTF8.GetString(body.ToArray()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length);

        await writer.WriteDoneAsync(default);
        Assert.Equal(2, body.Flushes);
        Assert.EndsWith("data: [DONE]\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
    }
}
