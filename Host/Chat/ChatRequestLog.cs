namespace ChatWidget.Host.Chat;

/// <summary>Structured log lines of the chat endpoint. None of them carries message content.</summary>
internal static partial class ChatRequestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Chat request {Outcome}: session {SessionId} platform {PlatformId} profile {ProfileId} status {Status} streamed {Streamed} prompt_tokens {PromptTokens} completion_tokens {CompletionTokens} dropped_messages {DroppedMessages} in {LatencyMs} ms")]
    public static partial void Completed(ILogger logger, string outcome, string sessionId, string platformId, string profileId,
        int status, bool streamed, int promptTokens, int completionTokens, int droppedMessages, long latencyMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Profile {ProfileId} is misconfigured: {Problem}")]
    public static partial void ProfileMisconfigured(ILogger logger, string profileId, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Model call for profile {ProfileId} failed ({Failure}, upstream status {UpstreamStatus}); streaming had started: {Streaming}")]
    public static partial void UpstreamFailed(ILogger logger, Exception exception, string profileId, string failure, int? upstreamStatus, bool streaming);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Model call for profile {ProfileId} failed with {ExceptionType}; streaming had started: {Streaming}")]
    public static partial void UpstreamFailedUnexpectedly(ILogger logger, string profileId, string exceptionType, bool streaming);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Model call failure details for profile {ProfileId}")]
    public static partial void UpstreamFailureDetails(ILogger logger, Exception exception, string profileId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug,
        Message = "Client of session {SessionId} went away; the model call was cancelled")]
    public static partial void ClientCancelled(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Profile {ProfileId} falls back to model {ModelId}")]
    public static partial void FallingBack(ILogger logger, string profileId, string modelId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Chat request of session {SessionId} was answered by fallback model {ModelId}")]
    public static partial void AnsweredByFallback(ILogger logger, string sessionId, string modelId);
}
