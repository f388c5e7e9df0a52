namespace ChatWidget.Admin.Configuration;

/// <summary>What the database already holds that a seed file may refer to without repeating it.</summary>
/// <param name="LtiClients">(issuer, LTI client id) → the platform that has it, so a seed file cannot register a second one.</param>
internal sealed record ExistingConfiguration(
    IReadOnlySet<string> ModelIds,
    IReadOnlySet<string> ProfileIds,
    bool TeamHasPassword,
    IReadOnlyDictionary<(string Issuer, string ClientId), string> LtiClients)
{
    /// <summary>Model id → provider, for references that need a particular provider (an embedding model must be openai).</summary>
    public IReadOnlyDictionary<string, string> ModelProviders { get; init; } = new Dictionary<string, string>();

    /// <summary>Knowledge bases with a published revision, which a profile may name without the file defining them.</summary>
    public IReadOnlySet<string> PublishedKnowledgeBases { get; init; } = new HashSet<string>();

    public static ExistingConfiguration None { get; } = new(new HashSet<string>(), new HashSet<string>(), false,
        new Dictionary<(string, string), string>());
}
