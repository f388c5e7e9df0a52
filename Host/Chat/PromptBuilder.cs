using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Chat;

/// <summary>
/// What a model is sent: the profile's instructions, then the turn's knowledge block (<see cref="KnowledgePrompt"/>), as
/// the system message, then the trimmed history; sampling from the profile alone.
/// </summary>
public static class PromptBuilder
{
    public static List<ChatMessage> Messages(ProfileSettings profile, KnowledgePrompt knowledge, TrimmedHistory history)
    {
        var system = knowledge.Block is null ? profile.Instructions : string.Concat(profile.Instructions, "\n\n", knowledge.Block);
        var prompt = new List<ChatMessage>(history.Messages.Count + 1) { new(ChatRole.System, system) };
        foreach (var message in history.Messages)
            prompt.Add(new ChatMessage(message.Role == ChatRequestMessage.AssistantRole ? ChatRole.Assistant : ChatRole.User, message.Content));
        return prompt;
    }

    /// <summary>
    /// Whatever the client sent for temperature or length was ignored while reading; the profile decides. The offline
    /// responder also gets the retrieved knowledge itself, as an additional property: only an offline model, because an
    /// OpenAI-compatible client may copy additional properties into its upstream request.
    /// </summary>
    public static ChatOptions Options(ProfileSettings profile, ModelSettings model, int maxOutputTokens, KnowledgePrompt knowledge)
    {
        var options = new ChatOptions
        {
            ModelId = model.ModelName,
            Temperature = profile.Temperature,
            MaxOutputTokens = maxOutputTokens,
        };
        if (model.Provider == ModelProviders.Offline && knowledge.Retrieved.Searched)
            options.AdditionalProperties = new AdditionalPropertiesDictionary { [OfflineResponder.KnowledgeProperty] = knowledge.Retrieved };
        return options;
    }
}
