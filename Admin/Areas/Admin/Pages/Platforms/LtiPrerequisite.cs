namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>Something about the rest of a platform's registration that LTI launches depend on.</summary>
/// <param name="Field">The platform field at fault, as the edit and keys pages name it.</param>
/// <param name="Blocking">True when LTI cannot be switched on until it is fixed; false for advice.</param>
/// <param name="Links">Dashboard pages (Razor page names beside this one) where it is fixed, with their link text.</param>
public sealed record LtiPrerequisite(string Field, string Message, bool Blocking, IReadOnlyList<(string Page, string Text)> Links);
