using ChatWidget.Admin.Configuration;
using FluentValidation;
using FluentValidation.Results;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Checks a chat request against the contract and the profile's input limits. The profile is passed in the
/// validation context (see <see cref="ContextFor"/>) because the limits differ per profile.
/// Every failure carries an OpenAI error code in <see cref="ValidationFailure.ErrorCode"/>; messages never quote content.
/// </summary>
public sealed class ChatCompletionRequestValidator : AbstractValidator<ChatCompletionRequest>
{
    private const string ProfileKey = nameof(ProfileSettings);

    public ChatCompletionRequestValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.Model).Custom((model, context) =>
        {
            var profile = ProfileOf(context);
            if (model is not null && !string.Equals(model, profile.Id, StringComparison.Ordinal))
            {
                Fail(context, "model", $"The model must be '{profile.Id}', the assistant this session may use (or leave it out).", "model_not_found");
            }
        });

        RuleFor(r => r.Messages).Custom((messages, context) =>
        {
            if (messages is null || messages.Count == 0)
            {
                Fail(context, "messages", "At least one message is required.", "invalid_messages");
                return;
            }

            var limits = ProfileOf(context).Limits;
            if (messages.Count > limits.MaxMessages)
            {
                Fail(context, "messages", $"The conversation has more than {limits.MaxMessages} messages. Start a new conversation.", "too_many_messages");
                return;
            }

            long total = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                var error = CheckMessage(messages[i], i, limits);
                if (error is not null)
                {
                    Fail(context, $"messages[{i}]", error.Value.Message, error.Value.Code);
                    return;
                }

                total += messages[i]!.Content!.Length;
            }

            if (total > limits.MaxTotalChars)
            {
                Fail(context, "messages", $"The conversation is longer than {limits.MaxTotalChars} characters in total. Start a new conversation.", "input_too_long");
                return;
            }

            if (messages[^1]!.Role != ChatRequestMessage.UserRole)
            {
                Fail(context, "messages", "The last message must come from the user.", "invalid_messages");
            }
        });
    }

    /// <summary>The validation context for a request made under <paramref name="profile"/>.</summary>
    public static ValidationContext<ChatCompletionRequest> ContextFor(ChatCompletionRequest request, ProfileSettings profile)
    {
        var context = new ValidationContext<ChatCompletionRequest>(request);
        context.RootContextData[ProfileKey] = profile;
        return context;
    }

    private static (string Message, string Code)? CheckMessage(ChatRequestMessage? message, int index, InputLimits limits)
    {
        if (message is null)
        {
            return ($"Message {index} must be an object with a role and content.", "invalid_messages");
        }

        switch (message.Role)
        {
            case ChatRequestMessage.UserRole or ChatRequestMessage.AssistantRole:
                break;
            case "system" or "developer" or "tool" or "function":
                return ($"Message {index} has role '{message.Role}'. Only 'user' and 'assistant' messages are accepted: the assistant's instructions come from its profile.", "invalid_role");
            case null:
                return ($"Message {index} has no role; use 'user' or 'assistant'.", "invalid_role");
            default:
                return ($"Message {index} has an unknown role. Only 'user' and 'assistant' messages are accepted.", "invalid_role");
        }

        var content = message.Content;
        if (string.IsNullOrWhiteSpace(content))
        {
            return ($"Message {index} has no content.", "invalid_messages");
        }

        if (!IsCleanText(content))
        {
            return ($"Message {index} contains a null character or text that is not valid Unicode.", "invalid_content");
        }

        // The per-message limit is on what users type; assistant turns are bounded by the total limit.
        if (message.Role == ChatRequestMessage.UserRole && content.Length > limits.MaxMessageChars)
        {
            return ($"Message {index} is longer than {limits.MaxMessageChars} characters.", "input_too_long");
        }

        return null;
    }

    /// <summary>No null characters and no unpaired surrogates.</summary>
    internal static bool IsCleanText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ProfileSettings ProfileOf<T>(ValidationContext<T> context) =>
        context.RootContextData.TryGetValue(ProfileKey, out var profile) && profile is ProfileSettings settings
            ? settings
            : throw new InvalidOperationException($"Validate with {nameof(ChatCompletionRequestValidator)}.{nameof(ContextFor)}.");

    private static void Fail<T>(ValidationContext<T> context, string property, string message, string code) =>
        context.AddFailure(new ValidationFailure(property, message) { ErrorCode = code });
}
