using System.Text;

namespace ChatWidget.Host.Chat;

/// <summary>
/// An answer's completion tokens: the upstream's own count when it reports usage, otherwise o200k over the text sent.
/// The text is counted once, at the end, and only when the upstream did not count it: counting every chunk as it
/// went cost more than the rest of relaying it.
/// </summary>
public sealed class CompletionTally(PromptTokenCounter counter)
{
    private StringBuilder? _text;

    public void Add(string text)
    {
        if (text.Length > 0) (_text ??= new StringBuilder()).Append(text);
    }

    public int Tokens(long? reported) => Clamp(reported) ?? (_text is null ? 0 : counter.Count(_text.ToString()));

    /// <summary>An upstream's token count as the log and the budgets take it.</summary>
    public static int? Clamp(long? value) => value is null ? null : (int)Math.Clamp(value.Value, 0, int.MaxValue);
}
