using Microsoft.AspNetCore.Identity;

namespace ChatWidget.Admin.Accounts;

/// <summary>
/// Administrator accounts are Identity users. "Disabled" is a lockout that never ends plus a new security stamp,
/// so the account cannot sign in and its open sessions end at their next stamp check.
/// </summary>
public static class AdminAccounts
{
    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd is { } end && end.Year >= 9999;

    public static async Task<IdentityResult> DisableAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    public static async Task<IdentityResult> EnableAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded) await users.ResetAccessFailedCountAsync(user);
        return result;
    }

    public static async Task<IdentityResult> CreateAsync(UserManager<IdentityUser> users, string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not null)
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail", Description = $"An administrator with the email {email} already exists." });
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true };
        return await users.CreateAsync(user, password);
    }
}
