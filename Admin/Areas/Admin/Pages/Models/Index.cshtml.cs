using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Models;

public sealed class IndexModel(IDbContextFactory<ConfigurationDbContext> contextFactory, ILiveConfiguration live, ModelConnectionTester tester) : AdminPageModel
{
    public IReadOnlyList<StoredModel> Models { get; private set; } = [];
    public string? TestedId { get; private set; }
    public ModelConnectionResult? TestResult { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        Models = await db.Models.AsNoTracking().OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>One minimal real request to the upstream, with the stored (decrypted) key.</summary>
    public async Task<IActionResult> OnPostTestAsync(string id, CancellationToken cancellationToken)
    {
        if (!(await live.CurrentAsync(cancellationToken)).Models.TryGetValue(id, out var model)) return NotFound();
        TestedId = id;
        TestResult = await tester.TestAsync(model, cancellationToken);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostToggleAsync(string id, string? rowVersion, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null) return NotFound();
        if (!model.Matches(rowVersion)) return await RefuseStaleAsync(id, cancellationToken);
        var before = ModelForm.AuditView(model);
        model.Enabled = !model.Enabled;
        AuditTrail.Record(db, Actor, model.Enabled ? "model.enable" : "model.disable", "model", id, before, ModelForm.AuditView(model));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(id, cancellationToken);
        return Done(model.Enabled ? $"{id} is enabled." : $"{id} is disabled: profiles using it answer 503 until it is enabled or they switch model.", "Index");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, string? rowVersion, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null) return NotFound();
        if (!model.Matches(rowVersion)) return await RefuseStaleAsync(id, cancellationToken);
        var users = await db.Profiles.Where(p => p.ModelId == id).Select(p => p.Id).ToListAsync(cancellationToken);
        users.AddRange((await db.ProfileDrafts.ToListAsync(cancellationToken))
            .Where(d => ProfileDocument.FromJson(d.Json).Model == id && !users.Contains(d.ProfileId)).Select(d => d.ProfileId + " (draft)"));
        if (users.Count > 0)
        {
            ModelState.AddModelError(string.Empty, $"The model {id} is used by these profiles: {string.Join(", ", users.Order())}. Switch them to another model first.");
            await OnGetAsync(cancellationToken);
            return Page();
        }

        db.Models.Remove(model);
        AuditTrail.Record(db, Actor, "model.remove", "model", id, ModelForm.AuditView(model), null);
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(id, cancellationToken);
        return Done($"Removed {id}.", "Index");
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        RefuseStale($"model {id}");
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
