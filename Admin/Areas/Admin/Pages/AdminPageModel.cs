using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>
/// Base of the dashboard's pages: who is acting (for the audit log), the one-line confirmation after a change, and the
/// one refusal of a stale save (optimistic concurrency, see <see cref="ChatWidget.Admin.Configuration.IVersionedRow"/>).
/// </summary>
public abstract class AdminPageModel : PageModel
{
    protected string Actor => User.Identity?.Name ?? "unknown";

    [TempData]
    public string? Message { get; set; }

    /// <summary>Set when a save was refused because the row changed since the page was opened.</summary>
    public StaleEdit? Stale { get; private set; }

    protected IActionResult Done(string message, string page, object? routeValues = null)
    {
        Message = message;
        return RedirectToPage(page, routeValues);
    }

    /// <summary>
    /// After publishing or discarding a draft: a stale action shows the page again with the other change
    /// (<paramref name="refuseStale"/>); otherwise the outcome is the one-line message, back on the edit page.
    /// </summary>
    protected async Task<IActionResult> AfterDraftActionAsync(string id, CatalogResult result, string doneMessage, Func<Task<IActionResult>> refuseStale)
    {
        if (result.IsStale) return await refuseStale();
        return Done(result.Succeeded ? doneMessage : result.Error!, "Edit", new { id });
    }

    /// <summary>Saves; false when another save changed one of the rows after they were read (nothing is written then).</summary>
    protected static async Task<bool> TrySaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Refuses a stale form: it is shown again with the user's values and the row's current version (so saving again
    /// after review goes through), and the fields whose saved values differ are listed with those values.
    /// </summary>
    protected void RefuseStale<TForm>(string what, TForm posted, TForm current, string prefix = "Input") where TForm : IVersionedForm
    {
        posted.RowVersion = current.RowVersion;
        // The hidden field renders what was posted unless the posted value is forgotten.
        ModelState.Remove($"{prefix}.{nameof(IVersionedForm.RowVersion)}");
        Refuse(new StaleEdit(what, FormDifferences.Between(posted, current), FormKept: true));
    }

    /// <summary>Refuses a stale action (a button, not a form of fields): the page then shows the row as it is now.</summary>
    protected void RefuseStale(string what) => Refuse(new StaleEdit(what, [], FormKept: false));

    private void Refuse(StaleEdit stale)
    {
        Stale = stale;
        ViewData[StaleEdit.ViewDataKey] = stale;
        Message = null;
    }
}
