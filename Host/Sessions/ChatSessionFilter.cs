using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Runs on every data-plane request after JWT validation: turns the token into a <see cref="ChatSession"/>,
/// and refuses it when its grant was revoked (platform disabled or re-keyed, team password rotated or switched off)
/// or when the browser's Origin is not the one the session is bound to.
/// </summary>
public sealed class ChatSessionFilter(ILiveConfiguration configuration, ILogger<ChatSessionFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = ChatSession.FromPrincipal(http.User);
        if (session is null)
        {
            logger.LogWarning("Access token lacks session claims");
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return OpenAiError.Unauthorized();
        }

        var snapshot = await configuration.CurrentAsync(http.RequestAborted);
        var revocation = SessionGrant.RevocationReason(session, snapshot);
        if (revocation is not null)
        {
            logger.LogInformation("Session {SessionId} of {Platform} refused: {Reason}", session.SessionId, session.PlatformId, revocation);
            return OpenAiError.Forbidden("This chat session has been ended by the administrator. Reload the page to start again.", "session_revoked");
        }

        if (!OriginAllowed(http, session))
        {
            logger.LogInformation("Session {SessionId} of {Platform} refused: request Origin does not match the bound origin", session.SessionId, session.PlatformId);
            return OpenAiError.Forbidden("This request comes from an origin the session is not bound to.", "origin_mismatch");
        }

        http.Items[typeof(ChatSession)] = session;
        // The turn reads the same snapshot: one read per request, and the session was checked against what it uses.
        http.Items[typeof(ConfigurationSnapshot)] = snapshot;
        return await next(context);
    }

    /// <summary>Browsers send Origin on cross-origin requests; it must be the bound origin or Host's own (the frame).</summary>
    private static bool OriginAllowed(HttpContext http, ChatSession session)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        if (session.Origin is not null && string.Equals(origin, session.Origin, StringComparison.Ordinal)) return true;
        return string.Equals(origin, HostOrigin.Of(http.Request), StringComparison.OrdinalIgnoreCase);
    }
}

public static class ChatSessionHttpContextExtensions
{
    /// <summary>The session of the current data-plane request; set by <see cref="ChatSessionFilter"/>.</summary>
    public static ChatSession GetChatSession(this HttpContext context) =>
        context.Items[typeof(ChatSession)] as ChatSession
        ?? throw new InvalidOperationException("ChatSessionFilter did not run for this endpoint.");

    /// <summary>The configuration the session was checked against (read once per request), or the current one.</summary>
    public static ValueTask<ConfigurationSnapshot> ConfigurationSnapshotAsync(this HttpContext context, ILiveConfiguration configuration) =>
        context.Items[typeof(ConfigurationSnapshot)] is ConfigurationSnapshot snapshot
            ? ValueTask.FromResult(snapshot)
            : configuration.CurrentAsync(context.RequestAborted);
}
