using ChatWidget.Benchmarks.Load;
using BenchmarkDotNet.Attributes;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// One launch exchange minus HTTP: <see cref="TokenExchange.LaunchAsync"/> validates the launch token, consumes its jti
/// in the replay store, hashes the learner and issues the access token.
/// </summary>
/// <remarks>
/// Each exchange burns its token's jti, so every invocation needs a token never seen before. Minting inside the
/// benchmark would add the platform's signing cost (an ES256 sign is of the same order as the verify) and leave
/// Host's share to a subtraction of two noisy means; instead each iteration gets a pool of fresh tokens minted
/// in [IterationSetup], outside the measurement. That fixes the invocations per iteration, so the job must set
/// InvocationCount to <see cref="ExchangesPerIteration"/> and UnrollFactor to 1 (see <see cref="TokenPathConfig"/>).
/// </remarks>
public class LaunchExchangeBenchmarks
{
    /// <summary>Enough for an iteration of at least 100 ms (BenchmarkDotNet's advice) even on the faster HS256 path.</summary>
    public const int ExchangesPerIteration = 4096;

    private readonly string[] _tokens = new string[ExchangesPerIteration];
    private readonly IResult[] _outcomes = new IResult[ExchangesPerIteration];
    private SessionServices _services = null!;
    private TokenExchange _exchange = null!;
    private BenchPlatform _platform = null!;
    private int _next;

    [GlobalSetup]
    public async Task CreateServices()
    {
        _services = new SessionServices();
        _exchange = _services.Get<TokenExchange>();
        await _services.RememberEarlierLaunchesAsync();
    }

    [IterationSetup(Target = nameof(Es256))]
    public void MintEs256Tokens() => MintPool(_services.Es256);

    [IterationSetup(Target = nameof(Hs256))]
    public void MintHs256Tokens() => MintPool(_services.Hs256);

    [Benchmark(Description = "Launch exchange, ES256 (TokenExchange.LaunchAsync)")]
    public Task<IResult> Es256() => ExchangeNextAsync();

    [Benchmark(Description = "Launch exchange, HS256 (TokenExchange.LaunchAsync)")]
    public Task<IResult> Hs256() => ExchangeNextAsync();

    /// <summary>A refused exchange is far cheaper than a granted one: fail the run rather than report its speed.</summary>
    [IterationCleanup]
    public void EnsureEveryExchangeWasGranted()
    {
        for (var i = 0; i < _next; i++)
        {
            if (_outcomes[i] is not IValueHttpResult<TokenResponse> { Value: not null })
                throw new InvalidOperationException($"Launch exchange {i} of the iteration was refused ({_outcomes[i].GetType().Name}); the measurement is void.");
        }
    }

    [GlobalCleanup]
    public void DisposeServices() => _services.Dispose();

    private void MintPool(BenchPlatform platform)
    {
        _platform = platform;
        for (var i = 0; i < _tokens.Length; i++) _tokens[i] = platform.MintLaunchToken();
        Array.Clear(_outcomes);
        _next = 0;
    }

    private async Task<IResult> ExchangeNextAsync()
    {
        var index = _next++;
        var outcome = await _exchange.LaunchAsync(SessionServices.LaunchRequest(_platform, _tokens[index]), CancellationToken.None);
        _outcomes[index] = outcome;
        return outcome;
    }
}
