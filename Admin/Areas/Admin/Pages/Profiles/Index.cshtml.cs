using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Profiles;

public sealed class IndexModel(ProfileCatalog catalog) : AdminPageModel
{
    public IReadOnlyList<ProfileSummary> Profiles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Profiles = await catalog.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostDuplicateAsync(string id, string? newId, CancellationToken cancellationToken)
    {
        newId = newId?.Trim() ?? "";
        if (!Regex.IsMatch(newId, "^[a-z0-9][a-z0-9._-]{0,63}$"))
            return await ErrorAsync("Give the copy an id: lower-case letters, digits, '.', '_' or '-'.", cancellationToken);
        var source = await catalog.LoadAsync(id, cancellationToken);
        if (source is null) return NotFound();
        var result = await catalog.CreateAsync(newId, source.Value.Document with { Title = source.Value.Document.Title + " (copy)" }, Actor, cancellationToken);
        return result.Succeeded
            ? Done($"Copied {id} to {newId} as a draft; publish it to make it live.", "Edit", new { id = newId })
            : await ErrorAsync(result.Error!, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, string? stamp, CancellationToken cancellationToken)
    {
        var result = await catalog.DeleteAsync(id, Actor, stamp, cancellationToken);
        if (result.IsStale)
        {
            RefuseStale($"the profile {id}");
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return result.Succeeded ? Done($"Deleted {id}.", "Index") : await ErrorAsync(result.Error!, cancellationToken);
    }

    private async Task<IActionResult> ErrorAsync(string error, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, error);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
