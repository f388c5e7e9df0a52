using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Primitives;

namespace ChatWidget.Host.Lti.Registration;

public static class LtiRegistrationEndpoints
{
    /// <summary>
    /// LTI Dynamic Registration: the registration links and the writer of registered platforms (Admin), the outgoing
    /// client for the platform's endpoints, and the registration itself.
    /// </summary>
    public static IHostApplicationBuilder AddLtiDynamicRegistration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLtiDynamicRegistrationStore();
        services.AddHttpClient(PlatformRegistrationClient.HttpClientName, client => client.Timeout = PlatformRegistrationClient.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // HttpClient's own log lines name the request URL; .NET hides its query, but a platform may put a token in the path.
            .RemoveAllLoggers();
        services.AddSingleton<PlatformRegistrationClient>();
        services.AddSingleton<DynamicRegistration>();
        return builder;
    }

    /// <summary><c>GET /lti/register?invite=…&amp;openid_configuration=…&amp;registration_token=…</c>, opened by the platform.</summary>
    public static IEndpointRouteBuilder MapLtiDynamicRegistration(this IEndpointRouteBuilder app)
    {
        app.MapGet(LtiToolPaths.Register, HandleAsync)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithName("LtiDynamicRegistration");
        return app;
    }

    private static async Task HandleAsync(HttpContext http, DynamicRegistration registration)
    {
        var query = http.Request.Query;
        var page = await registration.RunAsync(
            Single(query["invite"]), Single(query["openid_configuration"]), Single(query["registration_token"]),
            new Uri(HostOrigin.Of(http.Request)), http.RequestAborted);
        await page.WriteAsync(http.Response, http.RequestAborted);
    }

    /// <summary>A parameter sent twice is treated as absent rather than guessed at.</summary>
    private static string? Single(StringValues values) => values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
