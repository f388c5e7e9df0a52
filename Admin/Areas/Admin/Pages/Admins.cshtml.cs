using ChatWidget.Admin.Accounts;
using ChatWidget.Admin.Configuration;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages;

public sealed class AdminsModel(UserManager<IdentityUser> users, IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    public IReadOnlyList<IdentityUser> Admins { get; private set; } = [];
    [BindProperty] public NewAdminInput Input { get; set; } = new();

    public async Task OnGetAsync() => Admins = await users.Users.OrderBy(u => u.Email).ToListAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (ModelState.IsValid)
        {
            var result = await AdminAccounts.CreateAsync(users, Input.Email.Trim(), Input.Password);
            if (result.Succeeded)
            {
                await AuditAsync("admin.create", Input.Email.Trim());
                return Done($"Administrator {Input.Email.Trim()} added.", "/Admins");
            }

            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) || error.Code == "WeakPassword" ? "Input.Password" : "Input.Email", error.Description);
        }

        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, string? concurrencyStamp)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null || user.UserName == Actor) return Done("You cannot disable yourself.", "/Admins");
        if (!await ChangeAsync(user, concurrencyStamp, () => AdminAccounts.DisableAsync(users, user))) return await RefuseStaleAsync(user);
        await AuditAsync("admin.disable", user.Email!);
        return Done($"{user.Email} is disabled; their open sessions end within a minute.", "/Admins");
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, string? concurrencyStamp)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (!await ChangeAsync(user, concurrencyStamp, () => AdminAccounts.EnableAsync(users, user))) return await RefuseStaleAsync(user);
        await AuditAsync("admin.enable", user.Email!);
        return Done($"{user.Email} can sign in again.", "/Admins");
    }

    /// <summary>
    /// Changes the account as the page showed it: Identity's ConcurrencyStamp (changed by every update of the account)
    /// must still be the one the page rendered, and Identity's own store refuses an update that lost a race.
    /// </summary>
    private static async Task<bool> ChangeAsync(IdentityUser user, string? concurrencyStamp, Func<Task<IdentityResult>> change)
    {
        if (user.ConcurrencyStamp != concurrencyStamp) return false;
        var result = await change();
        return !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure));
    }

    private async Task<IActionResult> RefuseStaleAsync(IdentityUser user)
    {
        ModelState.Clear();
        RefuseStale($"the account {user.Email}");
        await OnGetAsync();
        return Page();
    }

    private async Task AuditAsync(string action, string email)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        AuditTrail.Record(db, Actor, action, "admin", email);
        await db.SaveChangesAsync();
    }
}

public sealed class NewAdminInput
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class NewAdminInputValidator : AbstractValidator<NewAdminInput>
{
    public NewAdminInputValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress().WithMessage("Enter a valid email address.");
        RuleFor(x => x.Password).Must(p => CommonPasswords.Problem(p) is null).WithMessage(x => CommonPasswords.Problem(x.Password) ?? "");
    }
}
