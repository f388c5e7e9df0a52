namespace ChatWidget.Admin.Configuration;

/// <summary>
/// The seed file cannot be applied. Start-up stops with every problem listed, each naming the field path;
/// messages never contain secret values.
/// </summary>
public sealed class InvalidSeedFileException(string path, IReadOnlyList<string> errors)
    : Exception($"The seed file \"{path}\" is invalid; nothing was applied:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}")
{
    public string SeedFilePath { get; } = path;

    public IReadOnlyList<string> Errors { get; } = errors;
}
