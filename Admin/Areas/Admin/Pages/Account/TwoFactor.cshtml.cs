using FluentValidation;
using System.Text.Encodings.Web;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Account;

public sealed class TwoFactorModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    public bool Enabled { get; private set; }
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    [BindProperty] public PasswordChange Password { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(string? code)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider,
            (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
        ModelState.Clear();
        if (!valid)
        {
            ModelState.AddModelError(string.Empty, "That code is not valid; check the key and your device's clock.");
            await LoadAsync();
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
        await AuditAsync("admin.2fa-on");
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryAsync(string? code)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        if (!await ConfirmedAsync(user, code)) return await RefusedAsync();
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
        await AuditAsync("admin.2fa-recovery-codes");
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? code)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        if (!await ConfirmedAsync(user, code)) return await RefusedAsync();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await AuditAsync("admin.2fa-off");
        await signIn.RefreshSignInAsync(user);
        return Done("Two-factor sign-in is off.", "/Account/TwoFactor");
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, Password.Current, Password.New);
            if (result.Succeeded)
            {
                await AuditAsync("admin.password-change");
                await signIn.RefreshSignInAsync(user);
                return Done("Password changed; your other sessions end within a minute.", "/Account/TwoFactor");
            }

            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Password.Current" : "Password.New", error.Description);
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>
    /// Changing two-factor needs the second factor itself (a current code or a recovery code), so a stolen or
    /// unattended dashboard session cannot switch it off or take the recovery codes.
    /// </summary>
    private async Task<bool> ConfirmedAsync(IdentityUser user, string? code)
    {
        var cleaned = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (cleaned.Length == 0) return false;
        if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, cleaned)) return true;
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, (code ?? "").Trim())).Succeeded;
    }

    private async Task<IActionResult> RefusedAsync()
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, "Enter a current code from your authenticator app, or one of your recovery codes.");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                // Not ResetAuthenticatorKeyAsync: it renews the security stamp, which would sign this admin out everywhere.
                key = users.GenerateNewAuthenticatorKey();
                await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key);
            }

            SharedKey = key;
            AuthenticatorUri = $"otpauth://totp/{UrlEncoder.Default.Encode("ChatWidget")}:{UrlEncoder.Default.Encode(user.Email!)}?secret={key}&issuer=ChatWidget&digits=6";
        }
    }

    private async Task AuditAsync(string action)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        AuditTrail.Record(db, Actor, action, "admin", Actor);
        await db.SaveChangesAsync();
    }
}

public sealed class PasswordChange
{
    public string Current { get; set; } = "";
    public string New { get; set; } = "";
}

public sealed class PasswordChangeValidator : FluentValidation.AbstractValidator<PasswordChange>
{
    public PasswordChangeValidator()
    {
        RuleFor(x => x.Current).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(x => x.New).Must(p => Accounts.CommonPasswords.Problem(p) is null).WithMessage(x => Accounts.CommonPasswords.Problem(x.New) ?? "");
    }
}
