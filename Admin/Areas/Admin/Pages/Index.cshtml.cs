using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages;

public sealed class IndexModel(ILiveConfiguration live, ProfileCatalog catalog, ModelConnectionTester tester) : AdminPageModel
{
    public ConfigurationSnapshot Snapshot { get; private set; } = ConfigurationSnapshot.Empty;
    public IReadOnlyList<ProfileSummary> Profiles { get; private set; } = [];
    public Dictionary<string, ModelConnectionResult> Reachability { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Snapshot = await live.CurrentAsync(cancellationToken);
        Profiles = await catalog.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        var checks = Snapshot.Models.Values.Where(m => m.Enabled).Select(async m => (m.Id, await tester.TestAsync(m, cancellationToken)));
        foreach (var (id, result) in await Task.WhenAll(checks)) Reachability[id] = result;
        return Page();
    }
}
