using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>A small, complete configuration: one platform, one profile on one model.</summary>
internal static class TestConfiguration
{
    public const string PlatformId = "acme";
    public const string ProfileId = "tutor";
    public const string ModelId = "main";
    public const string ModelName = "gpt-test-mini";
    public const long Generation = 3;
    public const string Instructions = "SECRET-INSTRUCTIONS: you are a patient tutor.";
    public const string ApiKey = "sk-SECRET-KEY";
    public const string KnowledgeAnswer = "SECRET-KNOWLEDGE-ANSWER";

    public static ProfileSettings Profile(InputLimits? limits = null, string instructions = Instructions, int maxOutputTokens = 256) => new(
        ProfileId,
        "Course tutor",
        instructions,
        ModelId,
        0.3f,
        maxOutputTokens,
        "Hello! Ask me anything.",
        ["What is a vector?", "Explain recursion"],
        new ProfileTheme("#123456"),
        "en",
        "Answers may be wrong.",
        limits ?? InputLimits.Default,
        [new KnowledgeEntry("What is the secret?", KnowledgeAnswer)]);

    public static ModelSettings Model(bool enabled = true, int contextWindow = 128000) =>
        new(ModelId, ModelProviders.OpenAi, new Uri("https://upstream.invalid/v1"), ApiKey, ModelName, contextWindow, enabled);

    public static PlatformSettings Platform() => new(
        PlatformId, "https://lms.example", PlatformSettings.DefaultAudience, ["HS256"], [new PlatformKey("k1", null, "shared-secret")],
        null, ["https://lms.example"], [ProfileId], ProfileId, PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, true, Generation);

    public static ConfigurationSnapshot Snapshot(ProfileSettings? profile = null, ModelSettings? model = null) => new(
        new Dictionary<string, ModelSettings> { [ModelId] = model ?? Model() },
        new Dictionary<string, ProfileSettings> { [ProfileId] = profile ?? Profile() },
        new Dictionary<string, PlatformSettings> { [PlatformId] = Platform() },
        TeamAccessSettings.Disabled,
        1);
}
