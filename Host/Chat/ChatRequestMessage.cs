using System.Text.Json.Serialization;

namespace ChatWidget.Host.Chat;

/// <summary>One message of the client's history. Content arrives as a string or as text parts; it is kept as one string.</summary>
public sealed record ChatRequestMessage
{
    public const string UserRole = "user";
    public const string AssistantRole = "assistant";

    [JsonPropertyName("role")]
    public string? Role { get; init; }

    [JsonPropertyName("content")]
    [JsonConverter(typeof(ChatMessageContentConverter))]
    public string? Content { get; init; }
}
