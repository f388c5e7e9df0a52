using System.Text.Json;

namespace ChatWidget.Host.Chat;

/// <summary>A request body that is JSON but not a chat request we accept. Its message is written for the client and never quotes content.</summary>
public sealed class ChatRequestFormatException(string message) : JsonException(message);
