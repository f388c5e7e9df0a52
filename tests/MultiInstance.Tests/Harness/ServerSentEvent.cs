using System.Text.Json;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>One <c>data:</c> event of a streamed chat answer, with when it reached the client.</summary>
public sealed record ServerSentEvent(string Data, TimeSpan ArrivedAfter)
{
    public bool IsDone => Data == "[DONE]";

    /// <summary>The text of a <c>chat.completion.chunk</c>'s delta, if it carries any.</summary>
    public string? Content
    {
        get
        {
            if (IsDone) return null;
            using var chunk = JsonDocument.Parse(Data);
            if (!chunk.RootElement.TryGetProperty("choices", out var choices)) return null;
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
                    && content.ValueKind == JsonValueKind.String)
                    return content.GetString();
            }

            return null;
        }
    }

    /// <summary>True for the error event Host sends when a stream breaks after it started.</summary>
    public bool IsError => !IsDone && Data.StartsWith("{\"error\"", StringComparison.Ordinal);
}
