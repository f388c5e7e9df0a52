using Microsoft.AspNetCore.Identity;

namespace ChatWidget.Admin.Accounts;

/// <summary>Applies <see cref="CommonPasswords"/> to administrator passwords, wherever Identity sets one.</summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<IdentityUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password)
    {
        var problem = CommonPasswords.Problem(password);
        if (problem is null && user.Email is { Length: > 0 } email && password!.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
            problem = "The password must not contain the email address.";
        return Task.FromResult(problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "WeakPassword", Description = problem }));
    }
}
