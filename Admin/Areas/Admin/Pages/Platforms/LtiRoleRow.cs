namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>One row of the LTI page's role → profile table; a row with neither field filled in is no mapping.</summary>
public sealed class LtiRoleRow
{
    public string? Role { get; set; }
    public string? ProfileId { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Role) && string.IsNullOrWhiteSpace(ProfileId);

    public override string ToString() => IsBlank ? "" : $"{Role?.Trim()} → {ProfileId?.Trim()}";
}
