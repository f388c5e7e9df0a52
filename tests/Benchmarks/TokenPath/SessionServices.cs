using ChatWidget.Admin.Configuration;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using Microsoft.AspNetCore.DataProtection;
using SessionOptions = ChatWidget.Host.Sessions.SessionOptions;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// Host's session services wired by Host's own <see cref="SessionServiceExtensions.AddSessions"/>, so the benchmarks
/// measure the production registrations (JwtBearer options included), over an ES256 and an HS256 platform.
/// Only what lies outside the token path is replaced: the configuration database by a fixed snapshot, and the
/// data directory by a throwaway one holding a freshly generated host key ring.
/// </summary>
public sealed class SessionServices : IDisposable
{
    // Far above the jtis one benchmark consumes (a few hundred thousand at most), so the replay store never fills up
    // and turns exchanges into fast refusals.
    /// <summary>The one profile the benchmark platforms may use.</summary>
    public const string Profile = "support";

    private const int ReplayCacheCapacity = 10_000_000;

    /// <summary>Launches a busy Host has remembered; see <see cref="RememberEarlierLaunchesAsync"/>.</summary>
    private const int EarlierLaunches = 50_000;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chatwidget-token-path-").FullName;
    private readonly IHost _host;

    public SessionServices()
    {
        var snapshot = new ConfigurationSnapshot(
            new Dictionary<string, ModelSettings>(),
            new Dictionary<string, ProfileSettings> { [Profile] = ProfileNamed(Profile) },
            new Dictionary<string, PlatformSettings> { [Es256.Settings.Id] = Es256.Settings, [Hs256.Settings.Id] = Hs256.Settings },
            TeamAccessSettings.Disabled,
            1);

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // No logging providers: production's log sink is a deployment choice, not part of the token path's cost.
        builder.Services.AddLogging();
        builder.Services.AddSingleton<ILiveConfiguration>(new FixedConfiguration(snapshot));
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        builder.Services.AddSingleton(new HostKeyRingFile(Path.Combine(_dataDirectory, "host-keys.json")));
        builder.AddSessions();
        // The launch counters are part of the token path; nothing listens to them here.
        builder.Services.AddMetrics().AddSingleton<ChatWidgetMetrics>();
        builder.Services.Configure<SessionOptions>(options => options.ReplayCacheCapacity = ReplayCacheCapacity);
        _host = builder.Build();
        // The host is never started, so the key ring is loaded here as HostKeyRingRefresher would at start (set-up, not measured).
        _host.Services.GetRequiredService<HostKeyRing>().ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public BenchPlatform Es256 { get; } = BenchPlatform.Es256("bench-es", [Profile]);

    public BenchPlatform Hs256 { get; } = BenchPlatform.Hs256("bench-hs", [Profile]);

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>The form fields a widget posts to exchange <paramref name="launchToken"/>, as TokenEndpoint parses them.</summary>
    public static TokenRequest LaunchRequest(BenchPlatform platform, string launchToken) =>
        new(TokenGrantTypes.TokenExchange, launchToken, TokenGrantTypes.JwtTokenType, platform.Settings.Id, BenchPlatform.EmbeddingOrigin, null, null, null);

    /// <summary>
    /// Puts the replay store in the state of a Host that has been busy. Its ConcurrentDictionary never shrinks, and
    /// the cost of a call grows with the table up to ~10k entries (the capacity check's Count takes every lock, and
    /// the lock array grows with the table), so an empty store would flatter every launch.
    /// </summary>
    public async Task RememberEarlierLaunchesAsync()
    {
        var replayStore = Get<ILaunchTokenReplayStore>();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds);
        for (var i = 0; i < EarlierLaunches; i++)
            await replayStore.TryConsumeAsync("earlier-platform", Guid.NewGuid().ToString("N"), expiresAt, CancellationToken.None);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static ProfileSettings ProfileNamed(string id) => new(id, id, "You are a helpful assistant.", "offline", 0.3f, 256,
        null, [], ProfileTheme.Default, "en", null, InputLimits.Default, []);
}
