using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Lti.Registration;
using ChatWidget.Host.RateLimits;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.SharedState;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.Lti;

public static class LtiServiceExtensions
{
    // A login is a handful of short parameters; a launch is one id_token (limited by Sessions:MaxTokenBytes) and a state.
    private const int MaxLoginFormBytes = 16 * 1024;
    private const int MaxLaunchFormBytes = 80 * 1024;

    /// <summary>
    /// LTI 1.3 tool (contract §8): settings, the ticket store (in memory unless shared state put Redis first), the
    /// endpoints' services, and Dynamic Registration.
    /// </summary>
    public static IHostApplicationBuilder AddLti(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LtiOptions>().BindConfiguration(LtiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (services.UsesSharedRedis()) services.TryAddSingleton<ILtiTicketStore, RedisLtiTicketStore>();
        services.TryAddSingleton<ILtiTicketStore, InMemoryLtiTicketStore>();
        services.AddSingleton<LtiIdTokenValidator>();
        services.AddSingleton<LtiPages>();
        services.AddSingleton<LtiLoginEndpoint>();
        services.AddSingleton<LtiLaunchEndpoint>();
        services.AddSingleton<ISubjectTokenExchange, LtiLaunchCodeExchange>();
        return builder.AddLtiDynamicRegistration();
    }

    /// <summary><c>/lti/login</c> (GET, POST), <c>/lti/launch</c> (POST), <c>/lti/jwks</c>, <c>/lti/register</c> (GET).</summary>
    public static IEndpointRouteBuilder MapLti(this IEndpointRouteBuilder app)
    {
        var lti = app.MapGroup("").WithTags("LTI").AllowAnonymous().DisableAntiforgery();
        lti.MapMethods(LtiToolPaths.Login, [HttpMethods.Get, HttpMethods.Post], (HttpContext http, LtiLoginEndpoint login) => login.HandleAsync(http))
            .WithMetadata(new RequestSizeLimitAttribute(MaxLoginFormBytes))
            .WithFormOptions(valueCountLimit: 16, keyLengthLimit: 64, valueLengthLimit: MaxLoginFormBytes)
            .RequireRateLimiting(RateLimitPolicies.LtiLogin)
            .WithSummary("OIDC third-party initiated login of an LTI 1.3 launch")
            .ExcludeFromDescription();
        lti.MapPost(LtiToolPaths.Launch, (HttpContext http, LtiLaunchEndpoint launch) => launch.HandleAsync(http))
            .WithMetadata(new RequestSizeLimitAttribute(MaxLaunchFormBytes))
            .WithFormOptions(valueCountLimit: 8, keyLengthLimit: 64, valueLengthLimit: MaxLaunchFormBytes)
            .ExcludeFromDescription();
        lti.MapGet(LtiToolPaths.Jwks, LtiJwksEndpoint.Handle)
            .WithName("LtiJwks")
            .WithSummary("The LTI tool's public keys (JWKS)");
        return app.MapLtiDynamicRegistration();
    }
}
