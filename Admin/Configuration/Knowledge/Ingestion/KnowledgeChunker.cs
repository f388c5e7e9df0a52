namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>A piece of a document small enough for a prompt, with the heading path it sits under (null at the top).</summary>
public sealed record ChunkText(string? Heading, string Text, int Tokens);

/// <summary>
/// Splits a document into chunks of at most <c>maxTokens</c> tokens (o200k), on paragraph and then sentence boundaries,
/// each carrying its section's heading path as context.
/// </summary>
public static class KnowledgeChunker
{
    public const int DefaultMaxTokens = 300;

    // Placeholder until the ingestion work lands: one chunk per section, counted at four characters a token.
    public static IReadOnlyList<ChunkText> Split(ExtractedDocument document, int maxTokens = DefaultMaxTokens) =>
        document.Sections
            .Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .Select(s => new ChunkText(s.Headings.Count == 0 ? null : string.Join(" › ", s.Headings), s.Text.Trim(), (s.Text.Length + 3) / 4))
            .ToList();
}
