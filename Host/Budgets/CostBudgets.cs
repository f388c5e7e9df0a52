using System.Globalization;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Budgets;

/// <summary>
/// The chat endpoint's token budgets (<see cref="CostBudgetOptions"/>): input and output ceilings per profile, a
/// sliding-window budget per session and a daily budget per platform. Checked before the model is called, charged
/// with what the turn used after it (a cancelled or broken answer is charged what was produced).
/// </summary>
public sealed partial class CostBudgets(
    ITokenBudgetStore store,
    IOptionsMonitor<CostBudgetOptions> options,
    BudgetAlerts alerts,
    ChatWidgetMetrics metrics,
    TimeProvider time,
    ILogger<CostBudgets> logger)
{
    public const string ExhaustedType = "rate_limit_error";
    public const string ExhaustedCode = "budget_exhausted";
    public const string InputExceededCode = "budget_input_exceeded";

    /// <summary>The profile's output limit, clamped by <see cref="CostBudgetOptions.MaxOutputTokensCeiling"/>.</summary>
    public int MaxOutputTokens(ProfileSettings profile)
    {
        var ceiling = options.CurrentValue is { Enabled: true, MaxOutputTokensCeiling: > 0 } o ? o.MaxOutputTokensCeiling : int.MaxValue;
        return Math.Min(profile.MaxOutputTokens, ceiling);
    }

    /// <summary>The largest prompt the profile may send after trimming; null when only the model's context window limits it.</summary>
    public int? MaxInputTokens(string profileId)
    {
        var o = options.CurrentValue;
        return o.Enabled && o.MaxInputTokensFor(profileId) is > 0 and var max ? max : null;
    }

    /// <summary>The 400 of a prompt that does not fit the profile's input ceiling even after trimming.</summary>
    public static IResult InputExceeded(int maxInputTokens) =>
        OpenAiError.BadRequest(
            $"The message is too long for this assistant (at most {maxInputTokens} tokens). Shorten it and try again.", InputExceededCode);

    /// <summary>A 429 with Retry-After when the session's or the platform's budget is used up; null when the turn may go on.</summary>
    public async ValueTask<IResult?> RefuseAsync(HttpContext http, ChatSession session, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!o.Enabled) return null;
        var now = time.GetUtcNow();

        var daily = o.PlatformDailyTokensFor(session.PlatformId);
        var standing = await store.StandingAsync(new BudgetQuery(session.SessionId, o.SessionTokens,
            TimeSpan.FromMinutes(o.SessionWindowMinutes), session.PlatformId, daily, now), cancellationToken);

        if (standing.SessionRetryAfter is { } wait)
        {
            LogSessionExhausted(logger, session.SessionId, session.PlatformId);
            metrics.BudgetRefused("session");
            return Exhausted(http, wait, "This conversation has used its token budget for now.");
        }

        if (daily > 0 && standing.PlatformUsed >= daily)
        {
            LogPlatformExhausted(logger, session.PlatformId);
            metrics.BudgetRefused("platform");
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            return Exhausted(http, midnight - now, "This site has used its daily token budget for the assistant.");
        }

        return null;
    }

    /// <summary>Counts a turn's tokens against the session's and the platform's budgets.</summary>
    public async ValueTask ChargeAsync(ChatSession session, int promptTokens, int completionTokens)
    {
        var o = options.CurrentValue;
        if (!o.Enabled) return;
        var now = time.GetUtcNow();
        var before = await alerts.StandingAsync(session, now);
        // Not the request's token: a turn the learner stopped is still charged what it produced.
        await store.ChargeAsync(session.SessionId, session.PlatformId, (long)promptTokens + completionTokens, now,
            TimeSpan.FromMinutes(o.SessionWindowMinutes), CancellationToken.None);
        await alerts.CheckAsync(session, before, now);
    }

    private static IResult Exhausted(HttpContext http, TimeSpan wait, string reason)
    {
        var seconds = (long)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return OpenAiError.Result(StatusCodes.Status429TooManyRequests,
            $"{reason} Try again in {seconds} second{(seconds == 1 ? "" : "s")}.", ExhaustedType, ExhaustedCode);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Chat turn of session {SessionId} (platform {PlatformId}) refused: session token budget exhausted")]
    private static partial void LogSessionExhausted(ILogger logger, string sessionId, string platformId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Chat turn refused: platform {PlatformId} daily token budget exhausted")]
    private static partial void LogPlatformExhausted(ILogger logger, string platformId);
}
