using ChatWidget.Benchmarks.Load;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// The costly steps of a launch exchange on their own, to show where <see cref="LaunchExchangeBenchmarks"/>' time
/// goes: checking the platform's launch token, burning its jti, and signing Host's access token.
/// </summary>
/// <remarks>
/// <see cref="LaunchTokenValidator"/> does not consume the jti (the exchange does, after every check passed), so one
/// token can be validated over and over: no token pool is needed here.
/// </remarks>
public class LaunchStepBenchmarks
{
    private SessionServices _services = null!;
    private LaunchTokenValidator _validator = null!;
    private AccessTokenIssuer _issuer = null!;
    private string _es256Token = null!;
    private string _hs256Token = null!;
    private ChatSession _session = null!;
    private ILaunchTokenReplayStore _replayStore = null!;
    private DateTimeOffset _jtiExpiresAt;
    private long _jtiCounter;

    [GlobalSetup]
    public async Task CreateServicesAndTokens()
    {
        _services = new SessionServices();
        _validator = _services.Get<LaunchTokenValidator>();
        _issuer = _services.Get<AccessTokenIssuer>();
        _es256Token = _services.Es256.MintLaunchToken();
        _hs256Token = _services.Hs256.MintLaunchToken();
        _session = new ChatSession(AccessTokenIssuer.NewSessionId(), _services.Es256.Settings.Id, SessionServices.Profile, BenchPlatform.EmbeddingOrigin,
            _services.Get<LearnerHasher>().Hash(_services.Es256.Settings.Id, "learner-42"), _services.Es256.Settings.Generation,
            DateTimeOffset.UtcNow.AddHours(8));
        _replayStore = _services.Get<ILaunchTokenReplayStore>();
        _jtiExpiresAt = DateTimeOffset.UtcNow.AddSeconds(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds);
        await EnsureTokensStillValidAsync();
    }

    // Only the replay store's cost depends on how busy Host has been; filling it takes a second, so only its benchmark pays.
    [GlobalSetup(Target = nameof(ConsumeJti))]
    public async Task CreateServicesWithBusyReplayStore()
    {
        await CreateServicesAndTokens();
        await _services.RememberEarlierLaunchesAsync();
    }

    [Benchmark(Description = "Launch-token validation, ES256 (LaunchTokenValidator)")]
    public Task<LaunchTokenVerdict> ValidateEs256() =>
        _validator.ValidateAsync(_es256Token, _services.Es256.Settings, BenchPlatform.EmbeddingOrigin, CancellationToken.None);

    [Benchmark(Description = "Launch-token validation, HS256 (LaunchTokenValidator)")]
    public Task<LaunchTokenVerdict> ValidateHs256() =>
        _validator.ValidateAsync(_hs256Token, _services.Hs256.Settings, BenchPlatform.EmbeddingOrigin, CancellationToken.None);

    /// <summary>Unlike validation this consumes state, so each call presents a new jti; formatting it costs nanoseconds.</summary>
    [Benchmark(Description = "Launch-token jti consumption (InMemoryLaunchTokenReplayStore)")]
    public async Task<bool> ConsumeJti()
    {
        var jti = (++_jtiCounter).ToString(CultureInfo.InvariantCulture);
        return await _replayStore.TryConsumeAsync(_services.Es256.Settings.Id, jti, _jtiExpiresAt, CancellationToken.None)
            ? true
            : throw new InvalidOperationException("The replay store refused a new jti (full?); the measurement is void.");
    }

    [Benchmark(Description = "Access-token issue, ES256 (AccessTokenIssuer)")]
    public IssuedAccessToken Issue() => _issuer.Issue(_session);

    /// <summary>
    /// An expired or rejected token takes the validator's early exit; checking again at the end proves the whole
    /// run measured the full path.
    /// </summary>
    [GlobalCleanup]
    public async Task EnsureTokensStillValidAndDispose()
    {
        try
        {
            await EnsureTokensStillValidAsync();
        }
        finally
        {
            _services.Dispose();
        }
    }

    private async Task EnsureTokensStillValidAsync()
    {
        foreach (var (token, platform) in new[] { (_es256Token, _services.Es256), (_hs256Token, _services.Hs256) })
        {
            var verdict = await _validator.ValidateAsync(token, platform.Settings, BenchPlatform.EmbeddingOrigin, CancellationToken.None);
            if (!verdict.IsValid)
                throw new InvalidOperationException($"The {platform.Settings.Id} launch token is refused ({verdict.Failure}); the measurement is void.");
        }
    }
}
