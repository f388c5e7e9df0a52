namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>What a draft must satisfy before it is saved: each problem named by its field, as the editor shows it.</summary>
public static class KnowledgeBaseRules
{
    public const int MaxTitleLength = 200;

    /// <summary>Problems of <paramref name="content"/> whose documents must be among <paramref name="documentIds"/> (the base's own uploads).</summary>
    public static IReadOnlyList<string> Check(KnowledgeBaseContent content, IReadOnlySet<long> documentIds)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(content.Title)) errors.Add("Title: give the knowledge base a title.");
        else if (content.Title.Length > MaxTitleLength) errors.Add($"Title: at most {MaxTitleLength} characters.");
        if (!KnowledgeLanguages.IsKnown(content.Language))
            errors.Add($"Language: \"{content.Language}\" is not one of {string.Join(", ", KnowledgeLanguages.All)}.");

        var seen = new HashSet<long>();
        for (var i = 0; i < content.Documents.Count; i++)
        {
            var document = content.Documents[i];
            var field = $"Documents[{i}]";
            if (!documentIds.Contains(document.DocumentId)) errors.Add($"{field}: document {document.DocumentId} was not uploaded to this knowledge base.");
            else if (!seen.Add(document.DocumentId)) errors.Add($"{field}: document {document.DocumentId} is listed twice.");
            if (string.IsNullOrWhiteSpace(document.Title)) errors.Add($"{field}.Title: give the document a title.");
            else if (document.Title.Length > MaxTitleLength) errors.Add($"{field}.Title: at most {MaxTitleLength} characters.");
            if (document.Url is not null && !IsPublicUrl(document.Url)) errors.Add($"{field}.Url: use an absolute http or https URL, or none.");
        }

        for (var i = 0; i < content.Entries.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(content.Entries[i].Question)) errors.Add($"Entries[{i}].Question: write the question.");
            if (string.IsNullOrWhiteSpace(content.Entries[i].Answer)) errors.Add($"Entries[{i}].Answer: write the answer.");
        }

        return errors;
    }

    /// <summary>A source link the widget may show learners: absolute http or https only (never javascript: or data:).</summary>
    public static bool IsPublicUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
