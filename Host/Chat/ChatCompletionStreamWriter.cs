using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Writes a streamed answer as OpenAI server-sent events: <c>data: {chat.completion.chunk}</c> lines separated by a
/// blank line, ending with <c>data: [DONE]</c>. A failure after the stream started is written as
/// <c>data: {"error":{...}}</c> and the stream then ends without <c>[DONE]</c>.
/// </summary>
/// <remarks>
/// The JSON is written straight into the response's pipe (Kestrel's own pooled buffers) by one reused
/// <see cref="Utf8JsonWriter"/>: a chunk costs no allocation of its own. Events reach the client on
/// <see cref="FlushAsync"/>, which the caller decides; <see cref="WriteDoneAsync"/> flushes.
/// </remarks>
public sealed class ChatCompletionStreamWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    // JSON in an event stream is never parsed as HTML, so only what JSON itself requires is escaped;
    // newlines are always escaped inside JSON strings, so content can never break the event framing.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly PipeWriter _body;
    private readonly JsonEncodedText _id;
    private readonly long _created;
    private readonly JsonEncodedText _model;
    private readonly Utf8JsonWriter _json;

    public ChatCompletionStreamWriter(PipeWriter body, string id, long created, string model)
    {
        _body = body;
        _id = JsonEncodedText.Encode(id, WriterOptions.Encoder);
        _created = created;
        _model = JsonEncodedText.Encode(model, WriterOptions.Encoder);
        _json = new Utf8JsonWriter(body, WriterOptions);
    }

    public ChatCompletionStreamWriter(Stream body, string id, long created, string model)
        : this(PipeWriter.Create(body, new StreamPipeWriterOptions(leaveOpen: true)), id, created, model)
    {
    }

    /// <summary>When set, written as every chunk's <c>system_fingerprint</c> (marks an answer from a fallback model).</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>A chunk whose delta carries the role (first chunk only) and/or a piece of content.</summary>
    public void WriteDelta(string? role, string? content)
    {
        StartChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        _json.WriteStartObject("delta");
        if (role is not null) _json.WriteString("role", role);
        if (content is not null) _json.WriteString("content", content);
        _json.WriteEndObject();
        _json.WriteNull("finish_reason");
        _json.WriteEndObject();
        _json.WriteEndArray();
        EndEvent();
    }

    /// <summary>The last content chunk: an empty delta with the finish reason.</summary>
    public void WriteFinish(string finishReason) => WriteFinish(finishReason, null);

    /// <summary>
    /// The last content chunk, with the top-level <c>sources</c> the answer cited when there are any (an extra field
    /// OpenAI clients ignore).
    /// </summary>
    public void WriteFinish(string finishReason, IReadOnlyList<KnowledgeSource>? sources)
    {
        StartChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        _json.WriteStartObject("delta");
        _json.WriteEndObject();
        _json.WriteString("finish_reason", finishReason);
        _json.WriteEndObject();
        _json.WriteEndArray();
        if (sources is { Count: > 0 }) WriteSources(sources);
        EndEvent();
    }

    /// <summary>The usage chunk sent when the client asked for <c>stream_options.include_usage</c>: empty choices.</summary>
    public void WriteUsage(int promptTokens, int completionTokens)
    {
        StartChunk();
        _json.WriteStartArray("choices");
        _json.WriteEndArray();
        _json.WriteStartObject("usage");
        _json.WriteNumber("prompt_tokens", promptTokens);
        _json.WriteNumber("completion_tokens", completionTokens);
        _json.WriteNumber("total_tokens", promptTokens + completionTokens);
        _json.WriteEndObject();
        EndEvent();
    }

    /// <summary>An error event in OpenAI's error shape, for failures after the stream started.</summary>
    public void WriteError(OpenAiError error)
    {
        StartEvent();
        _json.WriteStartObject("error");
        _json.WriteString("message", error.Message);
        _json.WriteString("type", error.Type);
        _json.WriteString("code", error.Code);
        _json.WriteEndObject();
        EndEvent();
    }

    /// <summary>The stream's last event, flushed with everything written before it.</summary>
    public ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        _body.Write(Done);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Sends every event written so far to the client.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _body.FlushAsync(cancellationToken);

    private void WriteSources(IReadOnlyList<KnowledgeSource> sources)
    {
        _json.WriteStartArray("sources");
        foreach (var source in sources)
        {
            _json.WriteStartObject();
            _json.WriteNumber("index", source.Number);
            _json.WriteString("id", source.Id);
            _json.WriteString("title", source.Title);
            if (source.Url is not null) _json.WriteString("url", source.Url);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private void StartChunk()
    {
        StartEvent();
        _json.WriteString("id", _id);
        _json.WriteString("object", "chat.completion.chunk");
        _json.WriteNumber("created", _created);
        _json.WriteString("model", _model);
        if (SystemFingerprint is not null) _json.WriteString("system_fingerprint", SystemFingerprint);
    }

    private void StartEvent()
    {
        _body.Write(DataPrefix);
        _json.Reset(_body);
        _json.WriteStartObject();
    }

    private void EndEvent()
    {
        _json.WriteEndObject();
        _json.Flush();
        _body.Write(EventEnd);
    }
}
