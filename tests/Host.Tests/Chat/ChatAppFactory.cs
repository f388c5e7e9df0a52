using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>Host with an in-memory configuration, a scripted model and a test sign-in that issues session claims.</summary>
public sealed class ChatAppFactory : WebApplicationFactory<Program>
{
    public ScriptedChatClient ChatClient { get; } = new();

    public ConfigurationSnapshot Snapshot { get; set; } = TestConfiguration.Snapshot();

    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILiveConfiguration>(new FakeLiveConfiguration(this));
            services.AddSingleton<IChatClientResolver>(new FakeResolver(ChatClient));
            services.AddAuthentication(options =>
                {
                    options.DefaultScheme = TestSessionAuthentication.SchemeName;
                    options.DefaultAuthenticateScheme = TestSessionAuthentication.SchemeName;
                    options.DefaultChallengeScheme = TestSessionAuthentication.SchemeName;
                })
                .AddScheme<AuthenticationSchemeOptions, TestSessionAuthentication>(TestSessionAuthentication.SchemeName, null);
        });
    }

    private sealed class FakeLiveConfiguration(ChatAppFactory factory) : ILiveConfiguration
    {
        public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(factory.Snapshot);
    }

    private sealed class FakeResolver(IChatClient client) : IChatClientResolver
    {
        public IChatClient Resolve(ProfileSettings profile, ModelSettings model) => client;
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<(LogLevel, string, string, Exception?)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<(LogLevel, string, string, Exception?)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}

/// <summary>Signs every request in as a live session of the test platform; a request can opt out with <c>X-Test-Anonymous</c>.</summary>
public sealed class TestSessionAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestSession";
    public const string SessionId = "session-1";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.ContainsKey("X-Test-Anonymous")) return Task.FromResult(AuthenticateResult.NoResult());

        Claim[] claims =
        [
            new(AccessTokenClaims.SessionId, SessionId),
            new(AccessTokenClaims.Platform, TestConfiguration.PlatformId),
            new(AccessTokenClaims.Profile, TestConfiguration.ProfileId),
            new(AccessTokenClaims.Origin, "https://lms.example"),
            new(AccessTokenClaims.Generation, TestConfiguration.Generation.ToString(CultureInfo.InvariantCulture)),
            new(AccessTokenClaims.SessionExpiresAt, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
