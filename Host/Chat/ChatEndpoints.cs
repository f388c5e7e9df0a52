namespace ChatWidget.Host.Chat;

public static class ChatEndpoints
{
    // SCAFFOLD: filled in by the chat endpoint work.
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app) => app;
}
