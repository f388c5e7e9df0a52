using System.Runtime.CompilerServices;
using ChatWidget.Host.Knowledge;
using Microsoft.ML.Tokenizers;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Counts tokens with OpenAI's o200k_base encoding. Loading the vocabulary is expensive, so there is one
/// instance per process (a singleton) and the vocabulary loads on first use. The tokenizer is thread-safe.
/// For models with another tokenizer the count is an estimate, which is all history trimming needs.
/// </summary>
public sealed class PromptTokenCounter : ITokenCounter
{
    /// <summary>Tokens a chat message costs beyond its text (role and separators), as OpenAI's chat format spends them.</summary>
    public const int PerMessageOverhead = 4;

    /// <summary>Tokens that prime the assistant's reply after the last message.</summary>
    public const int ReplyPriming = 3;

    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    // Keyed on the instructions' string instance, which the live configuration keeps until the profile changes:
    // a profile's instructions are counted once, not on every turn.
    private readonly ConditionalWeakTable<string, StrongBox<int>> _instructions = new();

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.Value.CountTokens(text);

    /// <summary>Tokens one message costs in a prompt: its text plus <see cref="PerMessageOverhead"/>.</summary>
    public int CountMessage(string? text) => Count(text) + PerMessageOverhead;

    /// <summary><see cref="CountMessage"/> for a profile's instructions, remembered while that text is in use.</summary>
    public int CountInstructions(string? instructions) =>
        instructions is null ? PerMessageOverhead : _instructions.GetValue(instructions, text => new StrongBox<int>(CountMessage(text))).Value;
}
