namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The languages a knowledge base can be in: PostgreSQL text search configurations that ship with every server, so
/// that stemming and stop words fit the material. SQLite's FTS5 index stems with Porter whatever the language.
/// </summary>
public static class KnowledgeLanguages
{
    public const string Default = "english";

    public static IReadOnlyList<string> All { get; } =
    [
        "simple", "english", "french", "german", "spanish", "italian", "portuguese", "dutch", "danish", "finnish",
        "hungarian", "norwegian", "romanian", "russian", "swedish", "turkish",
    ];

    public static bool IsKnown(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);
}
