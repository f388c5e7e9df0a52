using ChatWidget.Admin.Areas.Admin.Pages.Profiles;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Admin.Areas.Admin.Pages.Knowledge;

/// <summary>Between the editor's form and a knowledge base's content: documents numbered from 1 in their order, blank entry rows dropped.</summary>
public static class KnowledgeFormMapping
{
    public static KnowledgeBaseForm From(KnowledgeBaseView view) => new()
    {
        Id = view.Id,
        RowVersion = view.Stamp,
        Title = view.Content.Title,
        Language = view.Content.Language,
        Documents = view.Content.Documents.Select((d, i) => new DocumentRow
        {
            DocumentId = d.DocumentId,
            FileName = view.Files.TryGetValue(d.DocumentId, out var file) ? file.FileName : StoredKnowledgeDocument.SourceIdOf(d.DocumentId),
            Title = d.Title,
            Url = d.Url,
            Order = i + 1,
        }).ToList(),
        Entries = view.Content.Entries.Select(e => new KnowledgeRow { Q = e.Question, A = e.Answer }).ToList(),
    };

    public static KnowledgeBaseContent ToContent(KnowledgeBaseForm form) => new()
    {
        Title = form.Title.Trim(),
        Language = form.Language,
        Documents = form.KeptDocuments()
            .Select(d => new KnowledgeDocumentRef(d.DocumentId, d.Title.Trim(), string.IsNullOrWhiteSpace(d.Url) ? null : d.Url.Trim()))
            .ToArray(),
        Entries = form.Entries.Where(e => !e.IsBlank).Select(e => new KnowledgeEntry(e.Q!.Trim(), e.A!.Trim())).ToArray(),
    };
}
