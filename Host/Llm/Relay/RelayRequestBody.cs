using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm.Relay;

/// <summary>
/// The chat completions request body as the official SDK sends it for what Host uses: model, messages (role and text),
/// temperature, <c>max_completion_tokens</c>, and for a stream <c>stream_options.include_usage</c>, so the upstream
/// counts the answer's tokens.
/// </summary>
internal static class RelayRequestBody
{
    public static HttpContent Write(IEnumerable<ChatMessage> messages, ChatOptions? options, string defaultModel, bool stream)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options?.ModelId ?? defaultModel);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("content", message.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (options?.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            if (options?.MaxOutputTokens is { } maxOutput) json.WriteNumber("max_completion_tokens", maxOutput);
            if (stream)
            {
                json.WriteBoolean("stream", true);
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        return content;
    }
}
