using System.Text.Json.Serialization;

namespace ChatWidget.Host.Knowledge;

/// <summary>
/// One numbered source of a turn's knowledge: a document or question/answer entry of a knowledge base, or one of the
/// profile's own entries. Its JSON is the item of an answer's <c>sources</c> field (<c>url</c> omitted when none), so
/// the learner can see where an answer came from.
/// </summary>
/// <param name="Number">The <c>[n]</c> the model cites it by; excerpts of one document share it.</param>
/// <param name="Id">The index's stable source id (<c>doc-12</c>, <c>entry-3</c>) or <see cref="ProfileEntryPrefix"/> + position.</param>
/// <param name="Url">The document's public http(s) address, or null.</param>
public sealed record KnowledgeSource(
    [property: JsonPropertyName("index")] int Number,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url)
{
    /// <summary>Source ids of the profile's own question/answer entries: <c>profile-entry-1</c> is its first entry.</summary>
    public const string ProfileEntryPrefix = "profile-entry-";

    /// <summary>True for one of the profile's own entries (titled by its question), false for a knowledge base's material.</summary>
    [JsonIgnore]
    public bool IsProfileEntry => Id.StartsWith(ProfileEntryPrefix, StringComparison.Ordinal);
}
