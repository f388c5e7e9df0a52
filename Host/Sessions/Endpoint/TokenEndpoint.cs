using ChatWidget.Host.Errors;
using ChatWidget.Host.RateLimits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Host.Sessions.Endpoint;

/// <summary><c>POST /api/token</c>: form-encoded token exchange (contract §3).</summary>
public static class TokenEndpoint
{
    private const int MaxFormBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapTokenExchange(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/token", HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicies.Token)
            .WithMetadata(new RequestSizeLimitAttribute(MaxFormBytes))
            .WithFormOptions(bufferBody: false, valueCountLimit: 16, keyLengthLimit: 64, valueLengthLimit: MaxFormBytes)
            .AnswerUnhandledErrorsWith(() => Results.Json(TokenError.ServerError, statusCode: StatusCodes.Status500InternalServerError))
            .WithName("TokenExchange")
            .DocumentTokenExchange();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, TokenExchange exchange, IEnumerable<ISubjectTokenExchange> otherSubjectTokens)
    {
        // Tokens must never be cached by a browser or proxy (RFC 6749 §5.1).
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        var cancellationToken = http.RequestAborted;

        if (!http.Request.HasFormContentType)
            return Invalid("Send the fields as application/x-www-form-urlencoded.");

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Invalid("The form could not be read: it is malformed or too large.");
        }

        if (TokenRequest.FromForm(form) is not { } request)
            return Invalid("Each field may be sent only once.");

        // Per-platform rate limit, before the launch token is looked at, so a refused launch token is not used up.
        if (await http.RejectTokenRequestAsync(request.Platform ?? (request.GrantType == TokenGrantTypes.TeamPassword ? ChatSession.TeamPlatformId : null)) is { } limited)
            return limited;

        var hostOrigin = HostOrigin.Of(http.Request);
        var originHeader = http.Request.Headers.Origin.ToString();
        if (originHeader.Length > 0
            && !string.Equals(originHeader, hostOrigin, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(originHeader, request.Origin, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(TokenError.OriginNotAllowed, statusCode: StatusCodes.Status403Forbidden);
        }

        return request.GrantType switch
        {
            null => Invalid("grant_type is required."),
            TokenGrantTypes.TeamPassword => await exchange.TeamAsync(request, hostOrigin, cancellationToken),
            TokenGrantTypes.TokenExchange when request.SubjectToken.Length == 0 => Invalid("subject_token is required."),
            TokenGrantTypes.TokenExchange => request.SubjectTokenType switch
            {
                TokenGrantTypes.JwtTokenType => await exchange.LaunchAsync(request, cancellationToken),
                TokenGrantTypes.AccessTokenType => await exchange.RefreshAsync(request, cancellationToken),
                var type => otherSubjectTokens.FirstOrDefault(o => o.SubjectTokenType == type) is { } other
                    ? await other.ExchangeAsync(request, hostOrigin, cancellationToken)
                    : Invalid($"subject_token_type must be {TokenGrantTypes.JwtTokenType} or {TokenGrantTypes.AccessTokenType}."),
            },
            _ => Results.Json(TokenError.UnsupportedGrantType, statusCode: StatusCodes.Status400BadRequest),
        };
    }

    private static IResult Invalid(string description) =>
        Results.Json(TokenError.InvalidRequest(description), statusCode: StatusCodes.Status400BadRequest);
}
