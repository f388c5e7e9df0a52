using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Knowledge;

/// <summary>The knowledge bases: documents, published revision, whether a draft waits; delete (refused while a profile uses one).</summary>
public sealed class IndexModel(KnowledgeCatalog catalog) : AdminPageModel
{
    public IReadOnlyList<KnowledgeBaseSummary> KnowledgeBases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => KnowledgeBases = await catalog.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(string id, string? stamp, CancellationToken cancellationToken)
    {
        var result = await catalog.DeleteAsync(id, Actor, stamp, cancellationToken);
        if (result.Succeeded) return Done($"Deleted {id}.", "Index");
        if (result.IsStale) RefuseStale($"the knowledge base {id}");
        else ModelState.AddModelError(string.Empty, result.Error!);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
