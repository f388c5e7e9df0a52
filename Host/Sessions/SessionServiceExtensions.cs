namespace ChatWidget.Host.Sessions;

public static class SessionServiceExtensions
{
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapTokenExchange(this IEndpointRouteBuilder app) => app;
}
