using ChatWidget.Admin.Areas.Admin.Pages.Profiles;
using ChatWidget.Admin.Configuration.Knowledge;
using FluentValidation;

namespace ChatWidget.Admin.Areas.Admin.Pages.Knowledge;

/// <summary>
/// The knowledge base editor's form: title, language, the draft's documents (title, public URL, order, remove) and its
/// question/answer entries as rows. The uploaded file is not part of it (see the page's Upload field).
/// </summary>
public sealed class KnowledgeBaseForm : IVersionedForm
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Language { get; set; } = KnowledgeLanguages.Default;
    public List<DocumentRow> Documents { get; set; } = [];
    public List<KnowledgeRow> Entries { get; set; } = [];

    /// <summary>The stamp of the draft (or published revision) the form was filled from.</summary>
    public string? RowVersion { get; set; }

    /// <summary>The documents in the order the administrator gave (ties keep the listed order), removed ones left out.</summary>
    public IEnumerable<DocumentRow> KeptDocuments() =>
        Documents.Select((d, i) => (Row: d, Index: i)).Where(d => !d.Row.Remove).OrderBy(d => d.Row.Order).ThenBy(d => d.Index).Select(d => d.Row);

    /// <summary>Room to add entries without script: three blank rows below the existing ones.</summary>
    public void PadEntries()
    {
        while (Entries.Count(k => k.IsBlank) < 3) Entries.Add(new KnowledgeRow());
    }
}

/// <summary>One document of the draft as the form lists it: which upload it is, and how learners see it cited.</summary>
public sealed class DocumentRow
{
    public long DocumentId { get; set; }
    public string FileName { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    public int Order { get; set; }
    public bool Remove { get; set; }

    public override string ToString() => Remove ? "" : $"{Order}. {Title.Trim()} ({FileName}){(string.IsNullOrWhiteSpace(Url) ? "" : " " + Url.Trim())}";
}

/// <summary>The editor's rules, each message beside its field; the catalog checks the same again when it saves.</summary>
public sealed class KnowledgeBaseFormValidator : AbstractValidator<KnowledgeBaseForm>
{
    public KnowledgeBaseFormValidator()
    {
        RuleFor(x => x.Id).Matches("^[a-z0-9][a-z0-9._-]{0,63}$")
            .WithMessage("Use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(x => x.Title).NotEmpty().WithMessage("Give the knowledge base a title.").MaximumLength(200);
        RuleFor(x => x.Language).Must(KnowledgeLanguages.IsKnown).WithMessage("Choose a language from the list.");
        RuleForEach(x => x.Documents).ChildRules(row =>
        {
            row.RuleFor(d => d.Title).NotEmpty().When(d => !d.Remove).WithMessage("Give the document a title, or remove it.").MaximumLength(200);
            row.RuleFor(d => d.Url).Must(url => KnowledgeBaseRules.IsPublicUrl(url!.Trim())).When(d => !d.Remove && !string.IsNullOrWhiteSpace(d.Url))
                .WithMessage("Use an http:// or https:// address, or leave it empty.");
        });
        RuleForEach(x => x.Entries).ChildRules(row =>
        {
            row.RuleFor(k => k.Q).NotEmpty().When(k => !k.IsBlank).WithMessage("Write the question, or clear both fields.");
            row.RuleFor(k => k.A).NotEmpty().When(k => !k.IsBlank).WithMessage("Write the answer, or clear both fields.");
        });
    }
}
