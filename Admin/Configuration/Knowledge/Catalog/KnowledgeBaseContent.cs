using System.Text.Json;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// Everything of a knowledge base except its id: what a draft and a published revision store as JSON. Documents are
/// listed in their order by the id of their <see cref="StoredKnowledgeDocument"/> row, with the title and optional
/// public URL this base gives them; entries are question/answer pairs searched like documents.
/// </summary>
public sealed record KnowledgeBaseContent
{
    public string Title { get; init; } = "";
    public string Language { get; init; } = KnowledgeLanguages.Default;
    public IReadOnlyList<KnowledgeDocumentRef> Documents { get; init; } = [];
    public IReadOnlyList<KnowledgeEntry> Entries { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static KnowledgeBaseContent FromJson(string json) => JsonSerializer.Deserialize<KnowledgeBaseContent>(json, Json)!;

    /// <summary>Field-by-field comparison for the revisions page: (field, this value, other value) for fields that differ.</summary>
    public IReadOnlyList<(string Field, string Left, string Right)> Compare(KnowledgeBaseContent other)
    {
        var rows = new List<(string, string, string)>();
        void Add(string field, string a, string b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal)) rows.Add((field, a, b));
        }

        Add("Title", Title, other.Title);
        Add("Language", Language, other.Language);
        Add("Documents", Describe(Documents), Describe(other.Documents));
        Add("Entries", string.Join("\n", Entries.Select(e => $"Q: {e.Question}\nA: {e.Answer}")),
            string.Join("\n", other.Entries.Select(e => $"Q: {e.Question}\nA: {e.Answer}")));
        return rows;
    }

    public bool SameAs(KnowledgeBaseContent other) => Compare(other).Count == 0;

    private static string Describe(IReadOnlyList<KnowledgeDocumentRef> documents) =>
        string.Join("\n", documents.Select(d => $"{StoredKnowledgeDocument.SourceIdOf(d.DocumentId)}: {d.Title}{(d.Url is null ? "" : " <" + d.Url + ">")}"));
}

/// <summary>A document as one knowledge base lists it: the stored document row, its title and optional public http(s) URL.</summary>
public sealed record KnowledgeDocumentRef(long DocumentId, string Title, string? Url);
