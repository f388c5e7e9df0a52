using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// LTI Dynamic Registration 1.0, tool side: the platform opened an administrator's one-time link with its
/// <c>openid_configuration</c> URL and a <c>registration_token</c>. Host takes the invite, reads the platform's
/// configuration, registers itself with the platform, and stores the platform disabled.
/// </summary>
/// <remarks>
/// The invite is claimed before any outgoing call, so only a link an administrator handed out can make Host call a
/// URL, and two platforms opening the same link at once cannot both register. Every failure gives the invite back
/// (the administrator retries with the same link); only a stored platform uses it up. The invite secret and the
/// registration token are never logged: log texts are built from URLs without their query and are scrubbed of both.
/// </remarks>
public sealed class DynamicRegistration(
    LtiRegistrationInvites invites,
    DynamicallyRegisteredPlatforms platforms,
    PlatformRegistrationClient platformClient,
    ILogger<DynamicRegistration> logger)
{
    public async Task<RegistrationPage> RunAsync(string? invite, string? openIdConfiguration, string? registrationToken, Uri hostOrigin,
        CancellationToken cancellationToken)
    {
        var claim = invite is null ? null : await invites.ClaimAsync(invite, cancellationToken);
        if (claim is null)
        {
            logger.LogInformation("LTI dynamic registration refused: the invite is unknown, used, expired, revoked or in use by another registration");
            return RegistrationPage.InvalidLink;
        }

        var stored = false;
        try
        {
            var page = await RegisterAsync(claim, openIdConfiguration, registrationToken, hostOrigin, cancellationToken);
            stored = ReferenceEquals(page, RegistrationPage.Completed);
            return page;
        }
        catch (DynamicRegistrationException e)
        {
            logger.LogWarning("LTI dynamic registration with invite {Invite} failed: {Reason}", Label(claim),
                Scrub(e.Message, invite, registrationToken));
            return RegistrationPage.Failed(e.StatusCode, e.Advice);
        }
        finally
        {
            // Not the request's token: a registration cancelled half-way must still give its link back.
            if (!stored) await invites.ReleaseAsync(claim, CancellationToken.None);
        }
    }

    private async Task<RegistrationPage> RegisterAsync(LtiInviteClaim claim, string? openIdConfiguration, string? registrationToken,
        Uri hostOrigin, CancellationToken cancellationToken)
    {
        var configurationUrl = RegistrationUrls.Parse(openIdConfiguration) ?? throw new DynamicRegistrationException(
            "This link is opened by the learning platform: paste it into the platform's LTI dynamic registration form " +
            "(Moodle: Manage tools → Tool URL → Add LTI Advantage; Canvas: Developer Keys → LTI Registration). " +
            "The platform adds an https openid_configuration URL to it.",
            $"openid_configuration is missing or not an https URL: {RegistrationUrls.ForLog(openIdConfiguration)}",
            StatusCodes.Status400BadRequest);

        var configuration = await platformClient.FetchConfigurationAsync(configurationUrl, registrationToken, cancellationToken);
        // Before registering with the platform: a registration Host could not use would be left behind on its side.
        if (DynamicRegistrationRules.AlgorithmsFor(configuration.IdTokenAlgorithms).Count == 0)
            throw NoVerifiableAlgorithm(configuration);

        var answer = await platformClient.RegisterAsync(configuration.RegistrationEndpoint, ToolRegistrationRequest.For(hostOrigin),
            registrationToken, cancellationToken);
        var registration = new DynamicPlatformRegistration(configuration.Issuer, configuration.JwksUri, configuration.IdTokenAlgorithms,
            configuration.AuthorizationEndpoint, answer.ClientId, answer.DeploymentId, configuration.ProductFamilyCode);
        var result = await platforms.StoreAsync(claim, registration, cancellationToken);
        switch (result.Completion)
        {
            case LtiRegistrationCompletion.Stored:
                logger.LogInformation(
                    "LTI dynamic registration with invite {Invite} stored platform {PlatformId} (issuer {Issuer}, client id {ClientId}, " +
                    "deployment {DeploymentId}, {ProductFamily}), disabled until an administrator enables it",
                    Label(claim), result.PlatformId, registration.Issuer, registration.ClientId, registration.DeploymentId ?? "(none)",
                    registration.ProductFamilyCode ?? "unknown product");
                return RegistrationPage.Completed;
            case LtiRegistrationCompletion.AlreadyRegistered:
                throw new DynamicRegistrationException(
                    $"A platform with the issuer {registration.Issuer} and the client id {registration.ClientId} is already registered " +
                    "in ChatWidget: see the dashboard's Platforms page.",
                    $"issuer {registration.Issuer} with client id {registration.ClientId} is already registered",
                    StatusCodes.Status409Conflict);
            case LtiRegistrationCompletion.NoVerifiableAlgorithm:
                throw NoVerifiableAlgorithm(configuration);
            default:
                logger.LogWarning("LTI dynamic registration with invite {Invite}: the invite was revoked or taken over before the platform " +
                                  "(issuer {Issuer}, client id {ClientId}) could be stored", Label(claim), registration.Issuer, registration.ClientId);
                return RegistrationPage.InvalidLink;
        }
    }

    private static DynamicRegistrationException NoVerifiableAlgorithm(PlatformOpenIdConfiguration configuration) => new(
        "The platform signs its launches with none of the algorithms ChatWidget verifies (RS256, ES256). Check the platform's LTI key settings.",
        $"id_token_signing_alg_values_supported [{string.Join(", ", configuration.IdTokenAlgorithms ?? [])}] has neither RS256 nor ES256");

    /// <summary>The start of the invite's hash: enough to find it in the dashboard, nothing that opens it.</summary>
    private static string Label(LtiInviteClaim claim) => claim.InviteId[..8];

    /// <summary>The last line of defence: whatever a platform echoed, neither secret reaches the log.</summary>
    internal static string Scrub(string text, params string?[] secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4) text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        return text;
    }
}
