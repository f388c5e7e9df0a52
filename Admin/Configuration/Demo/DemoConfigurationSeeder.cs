using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Gives a fresh installation something that works end to end with no configuration: the offline model,
/// a demo profile that explains ChatWidget, and a demo platform whose private key the demo partner page uses.
/// </summary>
internal sealed class DemoConfigurationSeeder(
    IDbContextFactory<ConfigurationDbContext> contextFactory,
    IOptions<ConfigurationStoreOptions> options,
    ILogger<DemoConfigurationSeeder> logger)
{
    /// <summary>Creates the demo, when enabled, if the database holds no models, profiles or platforms. Returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo.Enabled) return false;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Models.AnyAsync(cancellationToken) || await db.Profiles.AnyAsync(cancellationToken) || await db.Platforms.AnyAsync(cancellationToken))
        {
            return false;
        }

        var settings = options.Value;
        OriginRules.TryNormalize(settings.Demo.PartnerOrigin, out var partnerOrigin);
        partnerOrigin ??= settings.Demo.PartnerOrigin;

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyPath = DemoConfiguration.GetPrivateKeyPath(settings.DataDirectory);
        await WritePrivateKeyAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), cancellationToken);

        db.Models.Add(new StoredModel
        {
            Id = DemoConfiguration.ModelId,
            Provider = ModelProviders.Offline,
            ModelName = ModelProviders.Offline,
            ContextWindow = 8192,
        });
        db.Profiles.Add(new StoredProfile
        {
            Id = DemoConfiguration.ProfileId,
            Title = "ChatWidget demo assistant",
            Instructions = "You are the ChatWidget demo assistant. Answer briefly and only about ChatWidget.",
            ModelId = DemoConfiguration.ModelId,
            Temperature = 0.3f,
            MaxOutputTokens = 512,
            Greeting = "Hi! I'm the ChatWidget demo. Ask me what ChatWidget is or how to embed it.",
            Starters = ["What is ChatWidget?", "How do I embed it on my site?", "Is my conversation stored?"],
            ThemeAccent = "#0a66c2",
            Locale = "en",
            Disclaimer = "Demo answers come from a fixed list, not from an AI model.",
            Knowledge = DemoKnowledge()
                .Select((k, i) => new StoredKnowledgeEntry { ProfileId = DemoConfiguration.ProfileId, Position = i, Question = k.Question, Answer = k.Answer })
                .ToList(),
        });
        var demoProfile = db.Profiles.Local.Single(p => p.Id == DemoConfiguration.ProfileId);
        db.ProfileVersions.Add(new StoredProfileVersion
        {
            ProfileId = DemoConfiguration.ProfileId,
            Number = 1,
            Json = ProfileDocument.From(demoProfile).ToJson(),
            PublishedBy = "demo",
            PublishedAt = DateTimeOffset.UtcNow,
        });
        db.Platforms.Add(new StoredPlatform
        {
            Id = DemoConfiguration.PlatformId,
            Issuer = partnerOrigin,
            Audience = PlatformSettings.DefaultAudience,
            Algorithms = [DemoConfiguration.Algorithm],
            Keys = [new StoredPlatformKey { PlatformId = DemoConfiguration.PlatformId, Position = 0, PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() }],
            AllowedOrigins = [partnerOrigin],
            Profiles = [DemoConfiguration.ProfileId],
            DefaultProfile = DemoConfiguration.ProfileId,
        });

        var team = await db.TeamAccess.SingleOrDefaultAsync(cancellationToken);
        if (team is null)
        {
            db.TeamAccess.Add(new StoredTeamAccess { Enabled = false });
        }
        else
        {
            team.Enabled = false;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Seeded the demo configuration: platform {Platform} (issuer and origin {PartnerOrigin}), profile {Profile}, offline model; the demo platform's private key is at {KeyPath}",
            DemoConfiguration.PlatformId, partnerOrigin, DemoConfiguration.ProfileId, keyPath);
        return true;
    }

    private static async Task WritePrivateKeyAsync(string path, string pem, CancellationToken cancellationToken)
    {
        // Replace rather than overwrite, so the 0600 creation mode applies even if an old key file is there.
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, fileOptions);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(pem.AsMemory(), cancellationToken);
    }

    private static IEnumerable<KnowledgeEntry> DemoKnowledge() =>
    [
        new("What is ChatWidget?",
            "ChatWidget is an embeddable AI chat assistant. A learning platform adds one script tag to its pages and its learners get a chat panel that answers from the course's own assistant profile."),
        new("Is my conversation stored or kept anywhere?",
            "No. The conversation lives only in the page's memory inside the chat frame. Reloading the page erases it, and nothing is written to cookies, local storage or the server."),
        new("How do I embed ChatWidget on my site?",
            "Add <script src=\"https://HOST/widget.js\" data-platform=\"your-platform-id\" data-token-url=\"/chat/launch-token\" async></script> to your page. Your server mints a short-lived launch token for each page view, signed with your platform key."),
        new("How does sign-in work for learners?",
            "Learners never sign in to ChatWidget. Your platform signs a short launch token (ES256, RS256 or HS256); the widget exchanges it for a 15-minute access token that stays inside the chat frame."),
        new("Which AI models can ChatWidget use?",
            "Any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp server or LM Studio. This demo uses the built-in offline responder, which answers from a short list of questions and answers."),
        new("Who can I contact about ChatWidget?",
            "Contact the team that runs this ChatWidget installation, or your platform administrator, who manages profiles, models and platforms in the dashboard at /admin."),
        new("Can our own staff use the chat?",
            "Yes. Team members can use the chat with the team password, which administrators can rotate or switch off at any time in the dashboard."),
    ];
}
