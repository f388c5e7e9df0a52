using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.EndToEnd;

/// <summary>Host wired to a fake OpenAI-compatible upstream on loopback through the real client stack.</summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    public const string ApiKey = "sk-test-UPSTREAM-KEY-0123456789";

    private UpstreamHost(TestPlatforms platforms, FakeOpenAiUpstream upstream, HostFactory host)
    {
        Platforms = platforms;
        Upstream = upstream;
        Host = host;
    }

    public TestPlatforms Platforms { get; }

    public FakeOpenAiUpstream Upstream { get; }

    public HostFactory Host { get; }

    public static async Task<UpstreamHost> StartAsync(string client = "Official", bool realSocket = false,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var platforms = new TestPlatforms();
        var upstream = await FakeOpenAiUpstream.StartAsync();
        var snapshot = platforms.Snapshot();
        var models = new Dictionary<string, ModelSettings>(snapshot.Models)
        {
            ["upstream"] = new("upstream", ModelProviders.OpenAi, upstream.BaseUrl, ApiKey, "gpt-4o-mini", 128_000, true),
        };
        var profiles = snapshot.Profiles.ToDictionary(p => p.Key, p => p.Value with { ModelId = "upstream" });
        var host = new HostFactory(snapshot with { Models = models, Profiles = profiles }, services,
            settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["ChatWidget:Llm:OpenAiClient"] = client });
        if (realSocket)
        {
            host.UseKestrel(0);
            host.StartServer();
        }

        return new UpstreamHost(platforms, upstream, host);
    }

    /// <summary>A learner's access token, from a launch token minted the way the platform would.</summary>
    public Task<string> LaunchAsync(string subject = "learner-42") =>
        Host.AccessTokenAsync(Platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Host.Clock.GetUtcNow(), subject: subject)));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
