namespace ChatWidget.Admin.Configuration;

/// <summary>What a copy wrote (or what a target already held): rows per table, never a value.</summary>
public sealed record DatabaseCopyReport(IReadOnlyList<KeyValuePair<string, int>> Tables)
{
    public bool IsEmpty => Tables.All(t => t.Value == 0);

    public int RowsIn(string table) => Tables.Where(t => t.Key == table).Sum(t => t.Value);

    /// <summary>The tables that hold rows, e.g. "Models: 2, AspNetUsers: 1".</summary>
    public override string ToString() => string.Join(", ", Tables.Where(t => t.Value > 0).Select(t => $"{t.Key}: {t.Value}"));
}
