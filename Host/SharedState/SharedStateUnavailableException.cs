namespace ChatWidget.Host.SharedState;

/// <summary>Redis did not answer. The message names Redis only: never its address or password.</summary>
public sealed class SharedStateUnavailableException(Exception? inner = null)
    : Exception("The shared state (Redis) is unreachable.", inner);
