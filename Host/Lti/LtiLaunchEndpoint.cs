using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Lti;

/// <summary>
/// <c>POST /lti/launch</c>: the platform's form_post of the id_token and state (LTI Security Framework §5.1.1.3). Takes
/// the state (single use), checks that this browser started the login, verifies the id_token, chooses the profile, and
/// answers with the chat page carrying a one-time launch code, which the page redeems at once for its access token.
/// The session is opened by that redemption, from a page only the platform's origins may frame.
/// </summary>
internal sealed class LtiLaunchEndpoint(
    ILiveConfiguration configuration,
    ILtiTicketStore tickets,
    LtiIdTokenValidator idTokens,
    LearnerHasher learnerHasher,
    LtiPages pages,
    IOptions<LtiOptions> options,
    ILogger<LtiLaunchEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var form = await ReadFormAsync(http.Request);
        var idToken = form?["id_token"].ToString();
        var state = form?["state"].ToString();
        if (string.IsNullOrEmpty(idToken) || string.IsNullOrEmpty(state) || form!["id_token"].Count != 1 || form["state"].Count != 1)
        {
            await RefuseAsync(http, null, "id_token or state missing, repeated or unreadable");
            return;
        }

        // Whatever comes next, the state is spent: no cookie outlives the launch.
        LtiStateCookie.Delete(http.Response, state);
        var (reached, stored) = await LtiTicketGuard.TakeAsync(http, tickets, LtiTicketKind.LoginState, state, logger);
        if (!reached) return;
        if (stored is null || JsonSerializer.Deserialize<LtiLoginState>(stored) is not { } login)
        {
            await RefuseAsync(http, null, "state unknown, expired or already used");
            return;
        }

        var snapshot = await configuration.CurrentAsync(http.RequestAborted);
        if (!snapshot.Platforms.TryGetValue(login.PlatformId, out var platform) || !platform.Enabled || platform.Lti is null)
        {
            await RefuseAsync(http, login.PlatformId, "platform disabled, removed or no longer registered for LTI");
            return;
        }

        var cookie = LtiStateCookie.Read(http.Request, state);
        var cookieBound = cookie is not null && LtiSecrets.Matches(cookie, login.BinderHash);
        if (cookie is not null && !cookieBound || cookie is null && login.StorageTarget is null)
        {
            await RefuseAsync(http, platform.Id, "state not bound to this browser (state cookie missing or wrong, and no platform storage)");
            return;
        }

        var hostOrigin = HostOrigin.Of(http.Request);
        var (claims, failure) = await idTokens.ValidateAsync(idToken, platform, platform.Lti, login.Nonce, hostOrigin, http.RequestAborted);
        if (claims is null)
        {
            await RefuseAsync(http, platform.Id, $"id_token {failure}");
            return;
        }

        if (ChooseProfile(platform, claims, snapshot) is not { } profile)
        {
            await RefuseAsync(http, platform.Id, "the platform's default profile does not exist");
            return;
        }

        var code = LtiSecrets.New();
        var ticket = new LtiLaunchTicket(platform.Id, profile, learnerHasher.Hash(platform.Id, claims.Subject), platform.Generation,
            cookieBound ? null : login.BinderHash);
        if (!await LtiTicketGuard.TryAddAsync(http, tickets, LtiTicketKind.LaunchCode, code, JsonSerializer.Serialize(ticket),
                options.Value.LaunchCodeLifetime, logger))
            return;

        logger.LogInformation("LTI launch for platform {Platform} verified with profile {Profile} ({Binding})", platform.Id, profile,
            cookieBound ? "state cookie" : "platform storage still to be checked by the page");
        var storage = cookieBound ? null : platform.Lti.AuthorizationUrl.GetLeftPart(UriPartial.Authority);
        await pages.WriteAsync(http, platform, new Dictionary<string, string?>
        {
            ["mode"] = "lti-launch",
            ["platform"] = platform.Id,
            ["launch-code"] = code,
            ["locale"] = claims.Locale,
            ["storage-target"] = cookieBound ? null : login.StorageTarget,
            ["platform-origin"] = storage,
            ["state-key"] = cookieBound ? null : LtiStorageKey.For(state),
        });
    }

    /// <summary>The custom parameter <c>profile</c> when allowed, else the first mapped role's profile, else the platform's default.</summary>
    private static string? ChooseProfile(PlatformSettings platform, LtiLaunchClaims claims, ConfigurationSnapshot snapshot)
    {
        bool Allowed(string? id) => id is not null && (platform.Profiles.Contains(id, StringComparer.Ordinal) || id == platform.DefaultProfile)
                                                   && snapshot.Profiles.ContainsKey(id);
        if (Allowed(claims.RequestedProfile)) return claims.RequestedProfile;
        var byRole = platform.Lti!.ProfileForRoles(claims.Roles);
        if (Allowed(byRole)) return byRole;
        return snapshot.Profiles.ContainsKey(platform.DefaultProfile) ? platform.DefaultProfile : null;
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return null;
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private async Task RefuseAsync(HttpContext http, string? platformId, string reason)
    {
        logger.LogInformation("LTI launch for platform {Platform} refused: {Reason}", platformId ?? "(unknown)", reason);
        await LtiPages.WriteRefusalAsync(http);
    }
}
