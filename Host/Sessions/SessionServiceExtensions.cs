using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;
using ChatWidget.Host.SharedState;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Sessions;

public static class SessionServiceExtensions
{
    public const string ChatSessionPolicy = "ChatSession";

    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new HostKeyRingFile(Path.Combine(provider.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value.DataDirectory, HostKeyRingFile.FileName)));
        // Beside the configuration: a file in the data directory with SQLite, the shared database with PostgreSQL.
        services.TryAddSingleton<IHostKeyRingStore>(provider =>
            provider.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value.Database.UsesPostgres
                ? ActivatorUtilities.CreateInstance<HostKeyRingDatabaseStore>(provider)
                : ActivatorUtilities.CreateInstance<HostKeyRingFileStore>(provider));
        services.AddSingleton<HostKeyRing>();
        services.AddHostedService<HostKeyRingRefresher>();

        services.AddHttpClient(JwksKeySource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<JwksKeySource>();
        services.AddSingleton<PlatformKeyResolver>();
        services.AddSingleton<PlatformJwsVerifier>();
        services.AddSingleton<LaunchTokenValidator>();
        if (services.UsesSharedRedis()) services.TryAddSingleton<ILaunchTokenReplayStore, RedisLaunchTokenReplayStore>();
        services.TryAddSingleton<ILaunchTokenReplayStore, InMemoryLaunchTokenReplayStore>();
        services.AddSingleton<LearnerHasher>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccessTokenValidation>();
        services.AddSingleton<TokenExchange>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokenValidation>((jwt, validation) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = validation.Parameters();
                jwt.Events = new JwtBearerEvents { OnChallenge = WriteInvalidTokenAsync };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ChatSessionPolicy, policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Data-plane endpoints: a valid access token whose grant is still live, from its bound origin.</summary>
    public static TBuilder RequireChatSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ChatSessionPolicy).AddEndpointFilter<TBuilder, ChatSessionFilter>();

    /// <summary>401 in OpenAI's error shape, with the RFC 6750 challenge that clients use to decide to refresh.</summary>
    private static async Task WriteInvalidTokenAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        var error = new OpenAiError("The access token is missing, invalid or expired.", "authentication_error", "invalid_token");
        await response.WriteAsJsonAsync(error.ToBody(), JsonSerializerOptions.Web, context.HttpContext.RequestAborted);
    }
}
