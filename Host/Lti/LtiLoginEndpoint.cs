using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Lti;

/// <summary>
/// <c>GET|POST /lti/login</c>: the OIDC third-party initiated login (LTI Security Framework §5.1.1). Creates a single-use
/// state with its nonce, binds it to this browser (cookie, and the platform's storage when offered), and sends the
/// browser to the platform's authorization endpoint.
/// </summary>
internal sealed class LtiLoginEndpoint(
    ILiveConfiguration configuration,
    ILtiTicketStore tickets,
    LtiPages pages,
    IOptions<LtiOptions> options,
    ILogger<LtiLoginEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var request = await ReadAsync(http.Request);
        if (request is null)
        {
            logger.LogInformation("LTI login refused: iss, login_hint or target_link_uri missing, or a parameter malformed or repeated");
            await LtiPages.WriteRefusalAsync(http);
            return;
        }

        var snapshot = await configuration.CurrentAsync(http.RequestAborted);
        var hostOrigin = HostOrigin.Of(http.Request);
        var (platform, refusal) = Find(snapshot, request, hostOrigin);
        if (platform is null)
        {
            logger.LogInformation("LTI login from {Issuer} refused: {Reason}", LtiLog.Safe(request.Issuer), refusal);
            await LtiPages.WriteRefusalAsync(http);
            return;
        }

        var lti = platform.Lti!;
        var (state, nonce, binder) = (LtiSecrets.New(), LtiSecrets.New(), LtiSecrets.New());
        var loginState = new LtiLoginState(platform.Id, nonce, LtiSecrets.Hash(binder), request.StorageTarget);
        var lifetime = options.Value.LoginStateLifetime;
        if (!await LtiTicketGuard.TryAddAsync(http, tickets, LtiTicketKind.LoginState, state, JsonSerializer.Serialize(loginState), lifetime, logger))
            return;

        LtiStateCookie.Set(http.Response, state, binder, lifetime);
        http.Response.Headers.CacheControl = "no-store";
        var authorization = AuthorizationUrl(lti, request, hostOrigin, state, nonce);
        logger.LogInformation("LTI login for platform {Platform} sent to its authorization endpoint ({Binding})", platform.Id,
            request.StorageTarget is null ? "cookie" : "cookie and platform storage");
        if (request.StorageTarget is null)
        {
            // Set by hand: Results.Redirect would log the URL, which carries the platform's login_hint.
            http.Response.StatusCode = StatusCodes.Status302Found;
            http.Response.Headers.Location = authorization;
            return;
        }

        await pages.WriteAsync(http, platform, new Dictionary<string, string?>
        {
            ["mode"] = "lti-login",
            ["storage-target"] = request.StorageTarget,
            ["platform-origin"] = lti.AuthorizationUrl.GetLeftPart(UriPartial.Authority),
            ["state-key"] = LtiStorageKey.For(state),
            ["state-value"] = binder,
            ["redirect"] = authorization,
        });
    }

    private static async Task<LtiLoginRequest?> ReadAsync(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method)) return LtiLoginRequest.From(request.Query);
        if (!request.HasFormContentType) return null;
        try
        {
            return LtiLoginRequest.From(await request.ReadFormAsync(request.HttpContext.RequestAborted));
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static (PlatformSettings? Platform, string Refusal) Find(ConfigurationSnapshot snapshot, LtiLoginRequest request, string hostOrigin)
    {
        var candidates = snapshot.Platforms.Values
            .Where(p => p.Lti is not null && p.Issuer == request.Issuer && (request.ClientId is null || p.Lti.ClientId == request.ClientId))
            .ToList();
        if (candidates.Count == 0) return (null, "no LTI platform with this issuer and client id");
        if (candidates.Count > 1) return (null, "several LTI platforms share this issuer: the login must name its client_id");
        var platform = candidates[0];
        if (!platform.Enabled) return (null, $"platform {platform.Id} is disabled");
        if (request.DeploymentId is not null && !platform.Lti!.DeploymentIds.Contains(request.DeploymentId, StringComparer.Ordinal))
            return (null, $"deployment not registered for platform {platform.Id}");
        if (!LtiTargetLink.IsOnHost(request.TargetLinkUri, hostOrigin)) return (null, "target_link_uri is not on Host");
        return (platform, "");
    }

    private static string AuthorizationUrl(LtiRegistration lti, LtiLoginRequest request, string hostOrigin, string state, string nonce)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("scope", "openid"),
            new("response_type", "id_token"),
            new("response_mode", "form_post"),
            new("prompt", "none"),
            new("client_id", lti.ClientId),
            new("redirect_uri", hostOrigin + LtiToolPaths.Launch),
            new("login_hint", request.LoginHint),
            new("state", state),
            new("nonce", nonce),
        };
        if (request.MessageHint is not null) parameters.Add(new("lti_message_hint", request.MessageHint));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(lti.AuthorizationUrl.AbsoluteUri, parameters);
    }
}
