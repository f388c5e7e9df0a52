using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ChatWidget.Host.Sessions;

public static class SessionServiceExtensions
{
    public const string ChatSessionPolicy = "ChatSession";

    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ChatSessionPolicy, policy => policy.RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Data-plane endpoints: a valid access token whose grant is still live, from its bound origin.</summary>
    public static TBuilder RequireChatSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ChatSessionPolicy).AddEndpointFilter<TBuilder, ChatSessionFilter>();

    public static IEndpointRouteBuilder MapTokenExchange(this IEndpointRouteBuilder app) => app;
}
