using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Chat;

/// <summary>Settings of the chat completion endpoint, bound from <c>ChatWidget:Chat</c> and validated at start.</summary>
public sealed class ChatEndpointOptions
{
    public const string SectionName = "ChatWidget:Chat";

    /// <summary>
    /// Largest request body accepted by <c>POST /v1/chat/completions</c>, in bytes (default 262144 = 256 KiB).
    /// Larger bodies are refused with 413, whether announced by Content-Length or found while reading a chunked body.
    /// Keep it above the profile limits' MaxTotalChars times up to 6 bytes per character plus JSON overhead.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "ChatWidget:Chat:MaxRequestBytes must be between 1024 and 16777216.")]
    public int MaxRequestBytes { get; set; } = 262144;

    /// <summary>
    /// Deepest JSON nesting accepted in a request body (default 16). A well-formed chat request needs 5;
    /// deeper documents are refused with 400 before they cost any parsing work.
    /// </summary>
    [Range(5, 64, ErrorMessage = "ChatWidget:Chat:MaxJsonDepth must be between 5 and 64.")]
    public int MaxJsonDepth { get; set; } = 16;
}
