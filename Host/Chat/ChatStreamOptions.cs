using System.Text.Json.Serialization;

namespace ChatWidget.Host.Chat;

/// <summary>OpenAI's <c>stream_options</c>: only <c>include_usage</c> is honoured.</summary>
public sealed record ChatStreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool IncludeUsage { get; init; }
}
