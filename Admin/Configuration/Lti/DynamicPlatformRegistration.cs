namespace ChatWidget.Admin.Configuration;

/// <summary>
/// What a platform told ChatWidget during LTI Dynamic Registration: from its OpenID configuration, and from its
/// answer to the tool's registration. Never the registration token, which was only good for that one call.
/// </summary>
/// <param name="Issuer">The platform's issuer, exactly as its id_tokens will carry it in <c>iss</c>.</param>
/// <param name="JwksUrl">The platform's <c>jwks_uri</c>.</param>
/// <param name="IdTokenAlgorithms">The platform's <c>id_token_signing_alg_values_supported</c>, or null when it does not say.</param>
/// <param name="AuthorizationUrl">The platform's <c>authorization_endpoint</c> (OIDC login redirect).</param>
/// <param name="ClientId">The client id the platform gave ChatWidget.</param>
/// <param name="DeploymentId">The deployment the platform created, when its answer names one.</param>
/// <param name="ProductFamilyCode">From the platform's <c>lti-platform-configuration</c> (e.g. <c>moodle</c>, <c>canvas</c>).</param>
public sealed record DynamicPlatformRegistration(
    string Issuer,
    Uri JwksUrl,
    IReadOnlyCollection<string>? IdTokenAlgorithms,
    Uri AuthorizationUrl,
    string ClientId,
    string? DeploymentId,
    string? ProductFamilyCode);
