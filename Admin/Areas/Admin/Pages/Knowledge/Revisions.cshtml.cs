using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Knowledge;

/// <summary>A knowledge base's published revisions: who published each and when, a comparison of any two, restore.</summary>
public sealed class RevisionsModel(KnowledgeCatalog catalog) : AdminPageModel
{
    public string Id { get; private set; } = "";
    public IReadOnlyList<StoredKnowledgeBaseRevision> Revisions { get; private set; } = [];
    public int? A { get; private set; }
    public int? B { get; private set; }
    public IReadOnlyList<(string Field, string Left, string Right)>? Differences { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? a, int? b, CancellationToken cancellationToken)
    {
        if (!await catalog.ExistsAsync(id, cancellationToken)) return NotFound();
        Id = id;
        Revisions = await catalog.RevisionsAsync(id, cancellationToken);
        A = a;
        B = b;
        if (a is { } left && b is { } right) Differences = await catalog.CompareAsync(id, left, right, cancellationToken);
        return Page();
    }

    /// <summary>The documents and entries of a revision, as the list shows them.</summary>
    public static string Contents(StoredKnowledgeBaseRevision revision)
    {
        var content = KnowledgeBaseContent.FromJson(revision.Json);
        return $"{content.Documents.Count} documents, {content.Entries.Count} Q&A";
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, int number, CancellationToken cancellationToken)
    {
        var result = await catalog.RestoreAsync(id, number, Actor, cancellationToken);
        Message = result.Succeeded ? $"Revision {number} is published again (as a new revision)." : result.Error;
        return RedirectToPage("Revisions", new { id });
    }
}
