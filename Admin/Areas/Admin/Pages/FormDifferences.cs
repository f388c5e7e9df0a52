using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>The fields in which two forms of the same kind differ, named and valued as a reader would say them.</summary>
internal static partial class FormDifferences
{
    public static IReadOnlyList<StaleField> Between<TForm>(TForm posted, TForm current) where TForm : IVersionedForm =>
        typeof(TForm).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p is { CanRead: true, CanWrite: true } && p.Name != nameof(IVersionedForm.RowVersion)
                && p.GetCustomAttribute<NotComparedAttribute>() is null)
            .Select(p => (Property: p, Posted: Describe(p.GetValue(posted)), Current: Describe(p.GetValue(current))))
            .Where(f => f.Posted != f.Current)
            .Select(f => new StaleField(Label(f.Property), f.Current.Length == 0 ? "(empty)" : f.Current))
            .ToList();

    /// <summary>Text as browsers post it (CRLF) and as it is stored compare equal; lists drop their blank rows.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "",
        string text => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
        bool flag => flag ? "yes" : "no",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join("\n", items.Cast<object?>().Select(Describe).Where(item => item.Length > 0)),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>[Display(Name)] when the form gives one, else the property's words: MaxOutputTokens is "Max output tokens".</summary>
    private static string Label(PropertyInfo property)
    {
        if (property.GetCustomAttribute<DisplayAttribute>()?.Name is { } name) return name;
        var words = Words().Replace(property.Name, " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
