using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>OpenAI's <c>finish_reason</c> for what the client library reported; <c>stop</c> when it reported nothing.</summary>
internal static class FinishReasons
{
    public static string Of(ChatFinishReason? reason) =>
        reason is null ? "stop"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Stop ? "stop"
        : reason.Value.Value;

}
