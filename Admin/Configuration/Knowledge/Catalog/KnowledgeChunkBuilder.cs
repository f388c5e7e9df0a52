using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// Turns a revision into the rows of the index: each listed document's sections split by <see cref="KnowledgeChunker"/>
/// (source "doc-{id}", the revision's title and URL), then each entry with its question as heading (source
/// "entry-{n}", n its position from 1).
/// </summary>
internal static class KnowledgeChunkBuilder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SectionsToJson(IReadOnlyList<DocumentSection> sections) => JsonSerializer.Serialize(sections, Json);

    public static IReadOnlyList<DocumentSection> SectionsFromJson(string json) =>
        JsonSerializer.Deserialize<List<DocumentSection>>(json, Json) ?? [];

    public static List<StoredKnowledgeChunk> Build(string knowledgeBaseId, KnowledgeBaseContent content, IReadOnlyDictionary<long, StoredKnowledgeDocument> documents)
    {
        var chunks = new List<StoredKnowledgeChunk>();
        void Add(string sourceId, string title, string? url, IEnumerable<ChunkText> texts)
        {
            foreach (var text in texts)
            {
                chunks.Add(new StoredKnowledgeChunk
                {
                    KnowledgeBaseId = knowledgeBaseId, SourceId = sourceId, SourceTitle = title, SourceUrl = url, Heading = text.Heading,
                    Text = text.Text, Tokens = text.Tokens, ContentHash = HashOf(text.Heading, text.Text), Position = chunks.Count,
                });
            }
        }

        foreach (var reference in content.Documents)
        {
            var row = documents[reference.DocumentId];
            var format = Enum.TryParse<DocumentFormat>(row.Format, out var f) ? f : DocumentFormat.PlainText;
            var document = new ExtractedDocument(format, null, SectionsFromJson(row.SectionsJson));
            Add(StoredKnowledgeDocument.SourceIdOf(row.Id), reference.Title, reference.Url, KnowledgeChunker.Split(document));
        }

        for (var i = 0; i < content.Entries.Count; i++)
        {
            var entry = content.Entries[i];
            var document = new ExtractedDocument(DocumentFormat.PlainText, null, [new DocumentSection([entry.Question], entry.Answer)]);
            Add($"entry-{i + 1}", entry.Question, null, KnowledgeChunker.Split(document));
        }

        return chunks;
    }

    /// <summary>Lower-case hex SHA-256 of heading and text, the key of a chunk's embedding.</summary>
    public static string HashOf(string? heading, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((heading ?? "") + "\n" + text)));
}
