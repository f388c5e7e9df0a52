using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Admin;

/// <summary>Dashboard settings, bound from <c>ChatWidget:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "ChatWidget:Admin";

    /// <summary>
    /// How often a signed-in admin's security stamp is re-checked: a password change, disabling, or signing out
    /// everywhere ends that admin's other sign-ins within this time. 0 checks on every request.
    /// </summary>
    [Range(0, 60)]
    public int SecurityStampValidationSeconds { get; set; } = 60;

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    [Range(1, 5)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lockout after too many failures lasts.</summary>
    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;
}
