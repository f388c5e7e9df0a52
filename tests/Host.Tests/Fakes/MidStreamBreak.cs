namespace ChatWidget.Host.Tests.Fakes;

/// <summary>How a scenario's stream breaks part-way.</summary>
public enum MidStreamBreak
{
    /// <summary>Send an SSE <c>data: {"error": {...}}</c> object, then end the response.</summary>
    ErrorEvent,
    /// <summary>Abort the TCP connection without ending the response.</summary>
    AbortConnection,
}
