using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ChatWidget.Admin.Areas.Admin.Pages.Profiles;

public sealed class EditModel(ProfileCatalog catalog, ILiveConfiguration live) : AdminPageModel
{
    [BindProperty] public ProfileForm Input { get; set; } = new();
    public bool IsNew { get; private set; }
    public bool HasDraft { get; private set; }
    public bool IsPublished { get; private set; }
    public IReadOnlyList<SelectListItem> ModelChoices { get; private set; } = [];

    /// <summary>The published knowledge bases, plus any the profile names that are not (so they can be unticked).</summary>
    public IReadOnlyList<string> KnowledgeBaseChoices { get; private set; } = [];

    public IReadOnlyList<SelectListItem> EmbeddingModelChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            IsNew = true;
            Input = new ProfileForm();
        }
        else
        {
            var loaded = await catalog.LoadAsync(id, cancellationToken);
            if (loaded is null) return NotFound();
            Input = ProfileForm.From(id, loaded.Value.Document, loaded.Value.Stamp);
            HasDraft = loaded.Value.IsDraft;
            IsPublished = loaded.Value.IsPublished;
        }

        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!IsNew) Input.Id = id!;
        var snapshot = await live.CurrentAsync(cancellationToken);
        if (!string.IsNullOrEmpty(Input.Model) && !snapshot.Models.ContainsKey(Input.Model))
            ModelState.AddModelError("Input.Model", $"The model {Input.Model} does not exist.");
        foreach (var (field, message) in GroundingReferences.Check(Input.KnowledgeBases, Input.EmbeddingModel, snapshot))
            ModelState.AddModelError(field == "knowledgeBases" ? "Input.KnowledgeBases" : "Input.EmbeddingModel", message);
        if (!ModelState.IsValid) return await RedisplayAsync(cancellationToken);

        var result = IsNew
            ? await catalog.CreateAsync(Input.Id, Input.ToDocument(), Actor, cancellationToken)
            : await catalog.SaveDraftAsync(Input.Id, Input.ToDocument(), Actor, Input.RowVersion, cancellationToken);
        if (result.IsStale) return await RefuseStaleAsync(Input.Id, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(IsNew ? "Input.Id" : string.Empty, result.Error!);
            return await RedisplayAsync(cancellationToken);
        }

        return Done("Draft saved. Publish it to make it live.", "Edit", new { id = Input.Id });
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, string? stamp, CancellationToken cancellationToken)
    {
        var result = await catalog.PublishAsync(id, Actor, stamp, cancellationToken);
        if (result.IsStale) return await RefuseStaleActionAsync(id, cancellationToken);
        Message = result.Succeeded ? $"Published {id}: new and refreshed sessions use it now." : result.Error;
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostDiscardAsync(string id, string? stamp, CancellationToken cancellationToken)
    {
        var result = await catalog.DiscardDraftAsync(id, Actor, stamp, cancellationToken);
        if (result.IsStale) return await RefuseStaleActionAsync(id, cancellationToken);
        Message = result.Succeeded ? "Draft discarded." : result.Error;
        return RedirectToPage("Edit", new { id });
    }

    /// <summary>The form comes back with what was typed; the fields saved differently since are listed.</summary>
    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        var loaded = await catalog.LoadAsync(id, cancellationToken);
        if (loaded is null) return Done($"The profile {id} was deleted by someone else.", "Index");
        RefuseStale($"the profile {id}", Input, ProfileForm.From(id, loaded.Value.Document, loaded.Value.Stamp));
        return await RedisplayAsync(cancellationToken);
    }

    /// <summary>Publish or discard of a draft that changed since: nothing is done, and the page shows the draft as it is now.</summary>
    private async Task<IActionResult> RefuseStaleActionAsync(string id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        RefuseStale($"the profile {id}");
        return await OnGetAsync(id, cancellationToken);
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken cancellationToken)
    {
        if (!IsNew)
        {
            var loaded = await catalog.LoadAsync(Input.Id, cancellationToken);
            HasDraft = loaded?.IsDraft ?? false;
            IsPublished = loaded?.IsPublished ?? false;
        }

        await PrepareAsync(cancellationToken);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadKnowledge();
        var snapshot = await live.CurrentAsync(cancellationToken);
        ModelChoices = snapshot.Models.Values.OrderBy(m => m.Id)
            .Select(m => new SelectListItem($"{m.Id} ({m.Provider}{(m.Enabled ? "" : ", disabled")})", m.Id)).ToList();
        KnowledgeBaseChoices = snapshot.KnowledgeRevisions.Keys.Union(Input.KnowledgeBases).Order(StringComparer.Ordinal).ToList();
        EmbeddingModelChoices = snapshot.Models.Values.Where(m => m.Provider == ModelProviders.OpenAi).OrderBy(m => m.Id)
            .Select(m => new SelectListItem(m.Id, m.Id)).ToList();
    }
}
