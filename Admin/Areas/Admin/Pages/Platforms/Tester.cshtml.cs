using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

public sealed class TesterModel(ILiveConfiguration live, ILaunchTokenInspector inspector) : AdminPageModel
{
    public string Id { get; private set; } = "";
    public string? Token { get; private set; }
    public string? Origin { get; private set; }
    public bool PlatformEnabled { get; private set; } = true;
    public LaunchTokenInspection? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Id = id;
        return (await live.CurrentAsync(cancellationToken)).Platforms.ContainsKey(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? token, string? origin, CancellationToken cancellationToken)
    {
        Id = id;
        if (!(await live.CurrentAsync(cancellationToken)).Platforms.TryGetValue(id, out var platform)) return NotFound();
        Token = token?.Trim();
        Origin = string.IsNullOrWhiteSpace(origin) ? null : origin.Trim();
        PlatformEnabled = platform.Enabled;
        if (string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError(string.Empty, "Paste a token.");
            return Page();
        }

        Result = await inspector.InspectAsync(Token, platform, Origin, cancellationToken);
        return Page();
    }
}
