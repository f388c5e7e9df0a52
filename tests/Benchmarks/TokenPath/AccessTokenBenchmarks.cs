using ChatWidget.Benchmarks.Load;
using BenchmarkDotNet.Attributes;
using ChatWidget.Host.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// What checking the access token costs every chat request, at two depths: the token validation alone, and the
/// whole in-process authentication of a request (JwtBearer's handler, then Host's <see cref="ChatSessionFilter"/>).
/// </summary>
public class AccessTokenBenchmarks
{
    private static readonly EndpointFilterDelegate Endpoint = _ => ValueTask.FromResult<object?>(null);
    private SessionServices _services = null!;
    private JwtBearerOptions _bearer = null!;
    private IServiceScopeFactory _scopes = null!;
    private ChatSessionFilter _filter = null!;
    private string _accessToken = null!;

    [GlobalSetup]
    public async Task CreateServicesAndToken()
    {
        _services = new SessionServices();
        // The options AddSessions configured: AccessTokenValidation.Parameters() built once, and JwtBearer's token handler.
        _bearer = _services.Get<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        _scopes = _services.Get<IServiceScopeFactory>();
        // Endpoint filters are created once per endpoint, as RequireChatSession's AddEndpointFilter does.
        _filter = ActivatorUtilities.CreateInstance<ChatSessionFilter>(_services.Services);

        // A token from a real launch, so it carries exactly the claims chat requests present.
        var launch = await _services.Get<TokenExchange>().LaunchAsync(
            SessionServices.LaunchRequest(_services.Es256, _services.Es256.MintLaunchToken()), CancellationToken.None);
        _accessToken = launch is IValueHttpResult<TokenResponse> { Value: { } granted }
            ? granted.AccessToken
            : throw new InvalidOperationException($"The launch exchange was refused ({launch.GetType().Name}); no access token to validate.");
        await EnsureTokenStillAcceptedAsync();
    }

    /// <summary>
    /// JsonWebTokenHandler.ValidateTokenAsync with Host's parameters: parsing, ES256 signature, issuer, audience,
    /// typ and lifetime. The refresh grant does the same through AccessTokenValidation.ValidateAsync, plus building
    /// fresh parameters each call; chat requests dominate, so their shape is the one measured.
    /// </summary>
    [Benchmark(Description = "Access-token validation (JsonWebTokenHandler, Host's JwtBearer parameters)")]
    public Task<TokenValidationResult> Validate() => _bearer.TokenHandlers[0].ValidateTokenAsync(_accessToken, _bearer.TokenValidationParameters);

    /// <summary>
    /// What a chat request's authentication does before the endpoint runs, minus socket and HTTP parsing: a request
    /// scope and context, the JwtBearer handler (header parsing, a per-request copy of the parameters, validation,
    /// the principal), then the session filter (claims to ChatSession, grant still live, origin binding).
    /// </summary>
    [Benchmark(Description = "Chat-request authentication (JwtBearerHandler + ChatSessionFilter)")]
    public async Task<ChatSession> AuthenticateChatRequest()
    {
        await using var scope = _scopes.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = "Bearer " + _accessToken;
        http.Request.Headers.Origin = BenchPlatform.EmbeddingOrigin;

        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        http.User = authentication.Principal ?? throw new InvalidOperationException("The access token was refused; the measurement is void.");
        await _filter.InvokeAsync(EndpointFilterInvocationContext.Create(http), Endpoint);
        return http.GetChatSession();
    }

    /// <summary>A refused token takes the fast failure path; checking again at the end proves the run measured acceptance.</summary>
    [GlobalCleanup]
    public async Task EnsureTokenStillAcceptedAndDispose()
    {
        try
        {
            await EnsureTokenStillAcceptedAsync();
        }
        finally
        {
            _services.Dispose();
        }
    }

    private async Task EnsureTokenStillAcceptedAsync()
    {
        if (!(await Validate()).IsValid) throw new InvalidOperationException("The access token no longer validates; the measurement is void.");
        await AuthenticateChatRequest();
    }
}
