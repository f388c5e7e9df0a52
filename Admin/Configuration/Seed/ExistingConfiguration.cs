namespace ChatWidget.Admin.Configuration;

/// <summary>What the database already holds that a seed file may refer to without repeating it.</summary>
internal sealed record ExistingConfiguration(IReadOnlySet<string> ModelIds, IReadOnlySet<string> ProfileIds, bool TeamHasPassword)
{
    public static ExistingConfiguration None { get; } = new(new HashSet<string>(), new HashSet<string>(), false);
}
