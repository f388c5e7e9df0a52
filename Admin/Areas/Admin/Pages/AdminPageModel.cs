using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>Base of the dashboard's pages: who is acting (for the audit log) and the one-line confirmation after a change.</summary>
public abstract class AdminPageModel : PageModel
{
    protected string Actor => User.Identity?.Name ?? "unknown";

    [TempData]
    public string? Message { get; set; }

    protected IActionResult Done(string message, string page, object? routeValues = null)
    {
        Message = message;
        return RedirectToPage(page, routeValues);
    }
}
