using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages;

public sealed class LoginWithRecoveryCodeModel(SignInManager<IdentityUser> signIn) : AdminPageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? RecoveryCode { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync((RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded) return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : "/admin");
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? "This account is locked." : "That recovery code is not valid.");
        return Page();
    }
}
