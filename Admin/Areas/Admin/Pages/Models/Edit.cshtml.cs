using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Models;

public sealed class EditModel(IDbContextFactory<ConfigurationDbContext> contextFactory, ConfigurationSecretProtector secrets) : AdminPageModel
{
    [BindProperty] public ModelForm Input { get; set; } = new();
    public bool IsNew { get; private set; }
    public bool HasApiKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (IsNew) return Page();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null) return NotFound();
        Input = ModelForm.From(model);
        HasApiKey = model.ProtectedApiKey is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!IsNew) Input.Id = id!;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = IsNew ? null : await db.Models.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (!IsNew && model is null) return NotFound();
        if (model is not null && !model.Matches(Input.RowVersion)) return await RefuseStaleAsync(model.Id, cancellationToken);
        if (IsNew && await db.Models.AnyAsync(m => m.Id == Input.Id, cancellationToken))
            ModelState.AddModelError("Input.Id", $"A model with the id {Input.Id} already exists.");
        HasApiKey = model?.ProtectedApiKey is not null;
        if (HasApiKey && !Input.ClearApiKey && string.IsNullOrWhiteSpace(Input.ApiKey) && !SameEndpoint(model!.BaseUrl, Input.BaseUrl))
        {
            // A stored key only ever goes to the endpoint it was entered for: otherwise "Test connection" against a
            // new base URL would hand the write-only key to whoever runs that URL.
            ModelState.AddModelError("Input.ApiKey", "Enter the API key again when you change the base URL.");
        }
        if (!ModelState.IsValid)
        {
            Input.ApiKey = null;
            return Page();
        }

        var before = model is null ? null : ModelForm.AuditView(model);
        if (model is null)
        {
            model = new StoredModel { Id = Input.Id, Provider = Input.Provider, ModelName = "" };
            db.Models.Add(model);
        }

        var offline = Input.Provider == ModelProviders.Offline;
        model.Provider = Input.Provider;
        model.BaseUrl = offline || string.IsNullOrWhiteSpace(Input.BaseUrl) ? null : Input.BaseUrl.Trim();
        model.ModelName = offline ? ModelProviders.Offline : Input.ModelName!.Trim();
        model.ContextWindow = Input.ContextWindow;
        model.Enabled = Input.Enabled;
        model.FromSeed = false;
        if (Input.ClearApiKey || offline) model.ProtectedApiKey = null;
        else if (!string.IsNullOrWhiteSpace(Input.ApiKey)) model.ProtectedApiKey = secrets.Protect(Input.ApiKey.Trim());
        AuditTrail.Record(db, Actor, IsNew ? "model.create" : "model.update", "model", model.Id, before, ModelForm.AuditView(model));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(model.Id, cancellationToken);
        return Done($"Model {model.Id} saved.", "Index");
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (current is null) return Done($"Model {id} was removed by someone else.", "Index");
        HasApiKey = current.ProtectedApiKey is not null;
        Input.ApiKey = null;
        RefuseStale($"model {id}", Input, ModelForm.From(current));
        return Page();
    }

    private static bool SameEndpoint(string? stored, string? entered) =>
        string.Equals(stored?.Trim().TrimEnd('/'), entered?.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
