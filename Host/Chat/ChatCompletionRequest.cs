using System.Text.Json.Serialization;

namespace ChatWidget.Host.Chat;

/// <summary>
/// The part of OpenAI's chat completion request that Host honours. Every other field (temperature, top_p,
/// max_tokens, tools, ...) is ignored on purpose: the profile supplies instructions, model and sampling.
/// </summary>
public sealed record ChatCompletionRequest
{
    [JsonPropertyName("messages")]
    public IReadOnlyList<ChatRequestMessage>? Messages { get; init; }

    [JsonPropertyName("stream")]
    public bool Stream { get; init; }

    /// <summary>Optional; when present it must be the session's profile id.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("stream_options")]
    public ChatStreamOptions? StreamOptions { get; init; }
}
