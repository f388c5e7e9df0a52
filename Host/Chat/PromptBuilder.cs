using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>What a model is sent: the profile's instructions as the system message, then the trimmed history; sampling from the profile alone.</summary>
public static class PromptBuilder
{
    public static List<ChatMessage> Messages(ProfileSettings profile, TrimmedHistory history)
    {
        var prompt = new List<ChatMessage>(history.Messages.Count + 1) { new(ChatRole.System, profile.Instructions) };
        foreach (var message in history.Messages)
            prompt.Add(new ChatMessage(message.Role == ChatRequestMessage.AssistantRole ? ChatRole.Assistant : ChatRole.User, message.Content));
        return prompt;
    }

    /// <summary>Whatever the client sent for temperature or length was ignored while reading; the profile decides.</summary>
    public static ChatOptions Options(ProfileSettings profile, ModelSettings model, int maxOutputTokens) => new()
    {
        ModelId = model.ModelName,
        Temperature = profile.Temperature,
        MaxOutputTokens = maxOutputTokens,
    };
}
