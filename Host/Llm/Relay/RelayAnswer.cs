using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm.Relay;

/// <summary>A whole (non-streamed) <c>chat.completion</c>: the first choice's text and finish reason, and the usage.</summary>
internal static class RelayAnswer
{
    public static ChatResponse From(JsonElement completion)
    {
        string? text = null, finishReason = null;
        if (completion.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                text = content.GetString();
            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                finishReason = finish.GetString();
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = FinishReason(finishReason) };
        if (completion.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = Tokens(usage, "prompt_tokens"),
                OutputTokenCount = Tokens(usage, "completion_tokens"),
                TotalTokenCount = Tokens(usage, "total_tokens"),
            };
        }
        return response;
    }

    public static ChatFinishReason? FinishReason(string? reason) => reason switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(reason),
    };

    private static long? Tokens(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
