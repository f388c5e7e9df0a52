using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>
/// Host whose profiles use model <c>upstream</c> (a fake OpenAI upstream on loopback) with model <c>backup</c> (a second
/// fake upstream) as their fallback, and extra settings.
/// </summary>
public sealed class UpstreamStack : IAsyncDisposable
{
    private UpstreamStack(TestPlatforms platforms, FakeOpenAiUpstream primary, FakeOpenAiUpstream backup, HostFactory host)
    {
        Platforms = platforms;
        Primary = primary;
        Backup = backup;
        Host = host;
    }

    public TestPlatforms Platforms { get; }
    public FakeOpenAiUpstream Primary { get; }
    public FakeOpenAiUpstream Backup { get; }
    public HostFactory Host { get; }

    public static async Task<UpstreamStack> StartAsync(IDictionary<string, string?>? settings = null, bool withFallback = true, bool realSocket = false)
    {
        var platforms = new TestPlatforms();
        var primary = await FakeOpenAiUpstream.StartAsync();
        var backup = await FakeOpenAiUpstream.StartAsync();
        backup.Scenario = new FakeUpstreamScenario { Chunks = ["Backup", " answer"] };
        var snapshot = platforms.Snapshot();
        var models = new Dictionary<string, ModelSettings>(snapshot.Models)
        {
            ["upstream"] = new("upstream", ModelProviders.OpenAi, primary.BaseUrl, "sk-primary", "gpt-4o-mini", 128_000, true),
            ["backup"] = new("backup", ModelProviders.OpenAi, backup.BaseUrl, "sk-backup", "gpt-4o", 128_000, true),
        };
        var profiles = snapshot.Profiles.ToDictionary(p => p.Key,
            p => p.Value with { ModelId = "upstream", FallbackModels = withFallback ? ["backup"] : [] });
        var all = new Dictionary<string, string?>
        {
            // Fast retries so tests do not wait.
            ["ChatWidget:Upstream:RetryDelayMilliseconds"] = "10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = new HostFactory(snapshot with { Models = models, Profiles = profiles }, settings: all);
        if (realSocket)
        {
            host.UseKestrel(0);
            host.StartServer();
        }

        return new UpstreamStack(platforms, primary, backup, host);
    }

    public Task<string> LaunchAsync(string subject = "learner-42") =>
        Host.AccessTokenAsync(Platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Host.Clock.GetUtcNow(), subject: subject)));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Primary.DisposeAsync();
        await Backup.DisposeAsync();
    }
}
