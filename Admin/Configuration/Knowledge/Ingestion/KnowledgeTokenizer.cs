using Microsoft.ML.Tokenizers;

namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>
/// OpenAI's o200k_base encoding, the one chunks are sized and counted with. Loading the vocabulary is expensive, so it
/// is loaded once per process on first use (thread-safe <see cref="Lazy{T}"/>); the tokenizer itself is thread-safe.
/// </summary>
public static class KnowledgeTokenizer
{
    private static readonly Lazy<Tokenizer> Instance =
        new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static int Count(string text) => text.Length == 0 ? 0 : Instance.Value.CountTokens(text);

    /// <summary>The length of the longest start of <paramref name="text"/> that is at most <paramref name="maxTokens"/> tokens.</summary>
    internal static int PrefixLength(string text, int maxTokens) =>
        Instance.Value.GetIndexByTokenCount(text, maxTokens, out _, out _);
}
