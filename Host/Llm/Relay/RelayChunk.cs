using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm.Relay;

/// <summary>
/// One event of an OpenAI chat completions stream, read in place: the first choice's delta text and finish reason, the
/// usage the last event carries when asked for, whether it is an error event, or the closing <c>[DONE]</c>.
/// </summary>
internal readonly record struct RelayChunk(string? Text, string? FinishReason, long? PromptTokens, long? CompletionTokens, bool Error, bool Done)
{
    public static RelayChunk Parse(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8)) return new RelayChunk(null, null, null, null, false, Done: true);
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A stream event is not a JSON object.");

        string? text = null, finishReason = null;
        long? promptTokens = null, completionTokens = null;
        var error = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8)) ReadChoices(ref reader, ref text, ref finishReason);
            else if (reader.ValueTextEquals("usage"u8)) ReadUsage(ref reader, ref promptTokens, ref completionTokens);
            else
            {
                error |= reader.ValueTextEquals("error"u8);
                reader.Read();
                reader.Skip();
            }
        }
        return new RelayChunk(text, finishReason, promptTokens, completionTokens, error, Done: false);
    }

    public ChatResponseUpdate ToUpdate()
    {
        var update = new ChatResponseUpdate(ChatRole.Assistant, Text) { FinishReason = RelayAnswer.FinishReason(FinishReason) };
        if (PromptTokens is not null || CompletionTokens is not null)
        {
            update.Contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = PromptTokens,
                OutputTokenCount = CompletionTokens,
                TotalTokenCount = PromptTokens + CompletionTokens,
            }));
        }
        return update;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ref string? text, ref string? finishReason)
    {
        if (!Enter(ref reader, JsonTokenType.StartArray)) return;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    if (Enter(ref reader, JsonTokenType.StartObject)) ReadDelta(ref reader, ref text);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : finishReason;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref string? text)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String) text = (text ?? "") + reader.GetString();
            else reader.Skip();
        }
    }

    private static void ReadUsage(ref Utf8JsonReader reader, ref long? promptTokens, ref long? completionTokens)
    {
        if (!Enter(ref reader, JsonTokenType.StartObject)) return;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var prompt = reader.ValueTextEquals("prompt_tokens"u8);
            var completion = reader.ValueTextEquals("completion_tokens"u8);
            reader.Read();
            if (prompt && reader.TokenType == JsonTokenType.Number) promptTokens = reader.GetInt64();
            else if (completion && reader.TokenType == JsonTokenType.Number) completionTokens = reader.GetInt64();
            else reader.Skip();
        }
    }

    /// <summary>Moves to a property's value: true when it opens <paramref name="container"/>, otherwise skips it (null, or an unexpected shape).</summary>
    private static bool Enter(ref Utf8JsonReader reader, JsonTokenType container)
    {
        reader.Read();
        if (reader.TokenType == container) return true;
        reader.Skip();
        return false;
    }
}
