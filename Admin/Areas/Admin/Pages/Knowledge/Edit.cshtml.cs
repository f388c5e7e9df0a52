using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ChatWidget.Admin.Areas.Admin.Pages.Knowledge;

/// <summary>
/// Creates a knowledge base, and edits its draft: title, language, documents (upload, retitle, public URL, order,
/// remove) and question/answer entries, then publishes or discards it. An upload travels with the rest of the form, so a
/// refused file (unreadable, too large, not what its name says) comes back with its reason beside the file field and
/// every other value as typed. The request limit leaves room for the largest accepted file plus the form's fields.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class EditModel(KnowledgeCatalog catalog) : AdminPageModel
{
    public const long MaxRequestBytes = KnowledgeDocumentReader.MaxBytes + 1024 * 1024;

    /// <summary>What the file field offers to pick (the content decides the format, not this list).</summary>
    public static string AcceptedTypes { get; } =
        string.Join(",", KnowledgeDocumentReader.AcceptedExtensions) + ",text/markdown,text/plain,text/html,application/pdf";

    [BindProperty] public KnowledgeBaseForm Input { get; set; } = new();
    [BindProperty] public IFormFile? Upload { get; set; }
    public bool IsNew { get; private set; }
    public bool HasDraft { get; private set; }
    public bool IsPublished { get; private set; }
    public IReadOnlyDictionary<long, KnowledgeDocumentFile> Files { get; private set; } = new Dictionary<long, KnowledgeDocumentFile>();
    public static int MaxUploadMiB => KnowledgeDocumentReader.MaxBytes / (1024 * 1024);

    /// <summary>A byte count as the document list shows it ("12 KiB").</summary>
    public static string Size(int bytes) => bytes < 1024 ? $"{bytes} bytes" : $"{(bytes + 1023) / 1024} KiB";
    public IReadOnlyList<SelectListItem> LanguageChoices { get; } = KnowledgeLanguages.All.Select(l => new SelectListItem(l, l)).ToList();

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            IsNew = true;
            return Page();
        }

        var view = await catalog.LoadAsync(id, cancellationToken);
        if (view is null) return NotFound();
        Input = KnowledgeFormMapping.From(view);
        Show(view);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (IsNew) return await CreateAsync(cancellationToken);
        Input.Id = id!;
        if (!ModelState.IsValid)
        {
            if (Upload is not null) ModelState.AddModelError(nameof(Upload), $"{Upload.FileName} was not added: correct the fields marked below, then choose it again.");
            return await RedisplayAsync(cancellationToken);
        }

        var content = KnowledgeFormMapping.ToContent(Input);
        var stamp = Input.RowVersion;
        if (Upload is not null)
        {
            var added = await AddUploadAsync(Upload, stamp, cancellationToken);
            if (added.Result.IsStale) return await RefuseStaleAsync(cancellationToken);
            if (!added.Result.Succeeded)
            {
                ModelState.AddModelError(nameof(Upload), added.Result.Error!);
                return await RedisplayAsync(cancellationToken);
            }

            content = content with { Documents = [.. content.Documents, added.Document!] };
            stamp = added.Stamp;
        }

        var result = await catalog.SaveDraftAsync(Input.Id, content, Actor, stamp, cancellationToken);
        if (result.IsStale) return await RefuseStaleAsync(cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.Error!);
            return await RedisplayAsync(cancellationToken);
        }

        return Done(Upload is null ? "Draft saved. Publish it to make it live." : $"Added {Upload.FileName} and saved the draft. Publish it to make it live.",
            "Edit", new { id = Input.Id });
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, string? stamp, CancellationToken cancellationToken) =>
        await AfterDraftActionAsync(id, await catalog.PublishAsync(id, Actor, stamp, cancellationToken),
            $"Published {id}: answers use it from the next turn on.", () => RefuseStaleActionAsync(id, cancellationToken));

    public async Task<IActionResult> OnPostDiscardAsync(string id, string? stamp, CancellationToken cancellationToken) =>
        await AfterDraftActionAsync(id, await catalog.DiscardDraftAsync(id, Actor, stamp, cancellationToken),
            "Draft discarded.", () => RefuseStaleActionAsync(id, cancellationToken));

    private async Task<IActionResult> CreateAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var result = await catalog.CreateAsync(Input.Id, Input.Title, Input.Language, Actor, cancellationToken);
        if (result.Succeeded) return Done("Knowledge base created. Add documents, then publish it.", "Edit", new { id = Input.Id });
        ModelState.AddModelError("Input.Id", result.Error!);
        return Page();
    }

    private async Task<KnowledgeDocumentAdded> AddUploadAsync(IFormFile upload, string? stamp, CancellationToken cancellationToken)
    {
        // The request limit bounds what is read here; a file over the reader's limit is refused by it, its size named.
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        return await catalog.AddDocumentAsync(Input.Id, upload.FileName, buffer.ToArray(), null, null, Actor, stamp, cancellationToken);
    }

    /// <summary>The form comes back with what was typed; the fields saved differently since are listed.</summary>
    private async Task<IActionResult> RefuseStaleAsync(CancellationToken cancellationToken)
    {
        var view = await catalog.LoadAsync(Input.Id, cancellationToken);
        if (view is null) return Done($"The knowledge base {Input.Id} was deleted by someone else.", "Index");
        RefuseStale($"the knowledge base {Input.Id}", Input, KnowledgeFormMapping.From(view));
        if (Upload is not null) ModelState.AddModelError(nameof(Upload), $"{Upload.FileName} was not added: review the changes, then choose it again.");
        return await RedisplayAsync(cancellationToken);
    }

    /// <summary>Publish or discard of a draft that changed since: nothing is done, and the page shows the draft as it is now.</summary>
    private async Task<IActionResult> RefuseStaleActionAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        RefuseStale($"the knowledge base {id}");
        return await OnGetAsync(id, cancellationToken);
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken cancellationToken)
    {
        var view = await catalog.LoadAsync(Input.Id, cancellationToken);
        if (view is null) return NotFound();
        Show(view);
        return Page();
    }

    private void Show(KnowledgeBaseView view)
    {
        HasDraft = view.IsDraft;
        IsPublished = view.PublishedRevision is not null;
        Files = view.Files;
        Input.PadEntries();
    }
}
