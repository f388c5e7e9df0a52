using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatWidget.Host.Errors;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Writes a streamed answer as OpenAI server-sent events: <c>data: {chat.completion.chunk}</c> lines separated by a
/// blank line, each flushed at once, ending with <c>data: [DONE]</c>. A failure after the stream started is written
/// as <c>data: {"error":{...}}</c> and the stream then ends without <c>[DONE]</c>.
/// </summary>
public sealed class ChatCompletionStreamWriter(Stream body, string id, long created, string model)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    // JSON in an event stream is never parsed as HTML, so only what JSON itself requires is escaped;
    // newlines are always escaped inside JSON strings, so content can never break the event framing.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>When set, written as every chunk's <c>system_fingerprint</c> (marks an answer from a fallback model).</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>A chunk whose delta carries the role (first chunk only) and/or a piece of content.</summary>
    public Task WriteDeltaAsync(string? role, string? content, CancellationToken cancellationToken) =>
        WriteChunkAsync(json =>
        {
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            if (role is not null) json.WriteString("role", role);
            if (content is not null) json.WriteString("content", content);
            json.WriteEndObject();
            json.WriteNull("finish_reason");
            json.WriteEndObject();
            json.WriteEndArray();
        }, cancellationToken);

    /// <summary>The last content chunk: an empty delta with the finish reason.</summary>
    public Task WriteFinishAsync(string finishReason, CancellationToken cancellationToken) =>
        WriteChunkAsync(json =>
        {
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            json.WriteEndObject();
            json.WriteString("finish_reason", finishReason);
            json.WriteEndObject();
            json.WriteEndArray();
        }, cancellationToken);

    /// <summary>The usage chunk sent when the client asked for <c>stream_options.include_usage</c>: empty choices.</summary>
    public Task WriteUsageAsync(int promptTokens, int completionTokens, CancellationToken cancellationToken) =>
        WriteChunkAsync(json =>
        {
            json.WriteStartArray("choices");
            json.WriteEndArray();
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", promptTokens);
            json.WriteNumber("completion_tokens", completionTokens);
            json.WriteNumber("total_tokens", promptTokens + completionTokens);
            json.WriteEndObject();
        }, cancellationToken);

    /// <summary>An error event in OpenAI's error shape, for failures after the stream started.</summary>
    public Task WriteErrorAsync(OpenAiError error, CancellationToken cancellationToken) =>
        WriteEventAsync(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            json.WriteString("code", error.Code);
            json.WriteEndObject();
            json.WriteEndObject();
        }, cancellationToken);

    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        await body.WriteAsync(Done, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private Task WriteChunkAsync(Action<Utf8JsonWriter> writeChoicesAndUsage, CancellationToken cancellationToken) =>
        WriteEventAsync(json =>
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "chat.completion.chunk");
            json.WriteNumber("created", created);
            json.WriteString("model", model);
            if (SystemFingerprint is not null) json.WriteString("system_fingerprint", SystemFingerprint);
            writeChoicesAndUsage(json);
            json.WriteEndObject();
        }, cancellationToken);

    private async Task WriteEventAsync(Action<Utf8JsonWriter> writeJson, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writeJson(json);
        }

        _buffer.Write(EventEnd);
        await body.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        // Flushed per event so each token reaches the browser as it arrives (response buffering is off as well).
        await body.FlushAsync(cancellationToken);
    }
}
