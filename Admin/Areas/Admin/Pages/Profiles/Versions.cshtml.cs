using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Profiles;

public sealed class VersionsModel(ProfileCatalog catalog) : AdminPageModel
{
    public string Id { get; private set; } = "";
    public IReadOnlyList<StoredProfileVersion> Versions { get; private set; } = [];
    public int? A { get; private set; }
    public int? B { get; private set; }
    public IReadOnlyList<(string Field, string Left, string Right)>? Differences { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? a, int? b, CancellationToken cancellationToken)
    {
        Id = id;
        Versions = await catalog.VersionsAsync(id, cancellationToken);
        if (Versions.Count == 0 && !await catalog.ExistsAsync(id, cancellationToken)) return NotFound();
        A = a;
        B = b;
        var left = Versions.FirstOrDefault(v => v.Number == a);
        var right = Versions.FirstOrDefault(v => v.Number == b);
        if (left is not null && right is not null)
            Differences = ProfileDocument.FromJson(left.Json).Compare(ProfileDocument.FromJson(right.Json));
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, int number, CancellationToken cancellationToken)
    {
        var result = await catalog.RestoreAsync(id, number, Actor, cancellationToken);
        Message = result.Succeeded ? $"Version {number} is live again (published as a new version)." : result.Error;
        return RedirectToPage("Versions", new { id });
    }
}
