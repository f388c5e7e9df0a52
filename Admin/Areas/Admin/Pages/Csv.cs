namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>CSV cells of the dashboard's exports.</summary>
public static class Csv
{
    /// <summary>RFC 4180 quoting, and a leading quote against spreadsheet formula injection.</summary>
    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
