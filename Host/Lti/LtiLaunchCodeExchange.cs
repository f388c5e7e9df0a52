using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Lti;

/// <summary>
/// The chat page of a verified LTI launch trades its one-time launch code for the session's first access token:
/// <c>subject_token_type=urn:chatwidget:params:oauth:token-type:lti-launch</c>, with <c>lti_storage_value</c> when the
/// browser proves through the platform's storage (not a cookie) that it started the login. The session is bound to
/// Host's own page (no embedding origin), and from then on refreshes like any other.
/// </summary>
internal sealed class LtiLaunchCodeExchange(ILiveConfiguration configuration, ILtiTicketStore tickets, TokenExchange exchange) : ISubjectTokenExchange
{
    public const string TokenType = "urn:chatwidget:params:oauth:token-type:lti-launch";

    public string SubjectTokenType => TokenType;

    public async Task<IResult> ExchangeAsync(TokenRequest request, string hostOrigin, CancellationToken cancellationToken)
    {
        if (request.Origin is not null && !string.Equals(request.Origin, hostOrigin, StringComparison.OrdinalIgnoreCase))
            return exchange.OriginRefused(request.Platform, "an LTI launch code is redeemed by Host's own chat page");

        string? stored;
        try
        {
            stored = await tickets.TakeAsync(LtiTicketKind.LaunchCode, request.SubjectToken, cancellationToken);
        }
        catch (ReplayStoreUnavailableException e)
        {
            return new RetryLaterResult(e.RetryAfter,
                Results.Json(TokenError.TemporarilyUnavailable, statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        if (stored is null || JsonSerializer.Deserialize<LtiLaunchTicket>(stored) is not { } ticket)
            return exchange.Refuse(request.Platform, "LTI launch code unknown, expired or already used");
        if (request.Platform is not null && request.Platform != ticket.PlatformId)
            return exchange.Refuse(request.Platform, "LTI launch code of another platform");
        if (ticket.BinderHash is not null && !LtiSecrets.Matches(request.LtiStorageValue, ticket.BinderHash))
            return exchange.Refuse(ticket.PlatformId, "LTI launch not bound to this browser (the platform storage value is missing or wrong)");

        var snapshot = await configuration.CurrentAsync(cancellationToken);
        if (!snapshot.Platforms.TryGetValue(ticket.PlatformId, out var platform) || !platform.Enabled || platform.Generation != ticket.Generation)
            return exchange.Refuse(ticket.PlatformId, "platform disabled or re-keyed since the LTI launch");

        return exchange.StartSession(ticket.PlatformId, ticket.ProfileId, origin: null, ticket.LearnerHash, ticket.Generation);
    }
}
