namespace ChatWidget.Admin.Configuration;

/// <summary>What the database already holds that a seed file may refer to without repeating it.</summary>
/// <param name="LtiClients">(issuer, LTI client id) → the platform that has it, so a seed file cannot register a second one.</param>
internal sealed record ExistingConfiguration(
    IReadOnlySet<string> ModelIds,
    IReadOnlySet<string> ProfileIds,
    bool TeamHasPassword,
    IReadOnlyDictionary<(string Issuer, string ClientId), string> LtiClients)
{
    public static ExistingConfiguration None { get; } = new(new HashSet<string>(), new HashSet<string>(), false,
        new Dictionary<(string, string), string>());
}
