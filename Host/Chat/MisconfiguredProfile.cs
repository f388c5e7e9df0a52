using ChatWidget.Host.Errors;

namespace ChatWidget.Host.Chat;

/// <summary>A profile that cannot answer whatever the client sends: the problem goes to the log, the client gets a 503.</summary>
internal static class MisconfiguredProfile
{
    public static IResult Refuse(ILogger logger, string profileId, string problem)
    {
        ChatRequestLog.ProfileMisconfigured(logger, profileId, problem);
        return OpenAiError.ProfileMisconfigured();
    }
}
