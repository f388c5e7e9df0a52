namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>A form that edits one versioned row: the version it was read at travels in a hidden field.</summary>
public interface IVersionedForm
{
    string? RowVersion { get; set; }
}

/// <summary>A form field left out of the comparison shown after a refused save: write-only values and one-off actions.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotComparedAttribute : Attribute;

/// <summary>One field whose saved value is not what the refused form holds, and that saved value.</summary>
public sealed record StaleField(string Field, string Current);

/// <summary>
/// Why a save was refused: someone else saved <see cref="What"/> after this page was opened. A form of fields comes
/// back with the user's values (<see cref="FormKept"/>) and the current version, so a second save after review goes
/// through; a button's action is simply not done, and the page shows the row as it is now.
/// </summary>
public sealed record StaleEdit(string What, IReadOnlyList<StaleField> Differences, bool FormKept)
{
    public const string ViewDataKey = "StaleEdit";
}
