using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages;

public sealed class LoginModel(SignInManager<IdentityUser> signIn) : AdminPageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    // A return address that is not a dashboard page is dropped at once, so the page never carries a foreign URL.
    // (Tag helpers render the bound value from ModelState, so it is cleared there too.)
    public void OnGet()
    {
        ReturnUrl = SafeReturnUrl();
        ModelState.Remove(nameof(ReturnUrl));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(SafeReturnUrl());
        if (result.RequiresTwoFactor) return RedirectToPage("/LoginWith2fa", new { ReturnUrl = SafeReturnUrl() });
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "This account is locked (too many failed attempts, or disabled). Try again later or ask another administrator."
            : "Wrong email or password.");
        return Page();
    }

    private string SafeReturnUrl() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(AdminDashboardExtensions.PathPrefix, StringComparison.OrdinalIgnoreCase) ? url : AdminDashboardExtensions.PathPrefix;
}

public sealed class LoginInput
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator()
    {
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter your email.");
        RuleFor(x => x.Password).NotEmpty().WithMessage("Enter your password.");
    }
}
